#pragma once

#include "apps/cli/command.hpp"

#include <CLI/CLI.hpp>

namespace cdk::cli {

/// Adds the global options to the root parser (they fall through, so they may follow the verb).
void add_global_arguments(CLI::App& app, GlobalOptions& globals);

} // namespace cdk::cli
