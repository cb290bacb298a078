#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cdk::cli {

/// `cdkpp list|ls [STACKS...] [--long] [--show-dependencies]`.
struct ListArguments {
    std::vector<std::string> stacks;
    bool long_format = false;
    bool show_dependencies = false;
};

CLI::App* add_list_arguments(CLI::App& app, ListArguments& args);

} // namespace cdk::cli
