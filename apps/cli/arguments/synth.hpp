#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cdk::cli {

/// `cdkpp synth [STACKS...] [--quiet] [--exclusively]`.
struct SynthArguments {
    std::vector<std::string> stacks;
    bool quiet = false;
    bool exclusively = false;
};

/// Adds the `synth` subcommand (alias `synthesize`) and binds its options to `args`.
CLI::App* add_synth_arguments(CLI::App& app, SynthArguments& args);

} // namespace cdk::cli
