#pragma once

#include "apps/cli/exit_codes.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace cdk::cli {

/// Options every verb accepts (before or after the verb, as with the stock CLI).
struct GlobalOptions {
    std::string app;                  ///< --app: command or assembly directory (default: cdk.json "app")
    std::vector<std::string> context; ///< -c/--context KEY=VALUE
    std::string output;   ///< -o/--output: assembly directory (default: cdk.json "output" or cdk.out)
    bool json = false;    ///< --json: machine-readable output
    bool verbose = false; ///< -v/--verbose
};

/// What main() runs once parsing chose a verb.
using Action = std::function<ExitCode()>;

/// Everything a verb's registration needs: the root parser, the global options (filled by parsing), and
/// the slot that receives the verb's action when it is the one chosen.
struct CommandContext {
    CLI::App& app;
    const GlobalOptions& globals;
    Action& selected;
};

/// Registers every verb (commands/registry.cpp).
void register_commands(CommandContext& context);

} // namespace cdk::cli
