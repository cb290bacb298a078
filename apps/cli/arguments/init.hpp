#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace cdk::cli {

/// `cdkpp init [TEMPLATE] [--language L] [--name N] [--pipeline] [--generate-only] [--list]`.
struct InitArguments {
    std::string template_name; ///< empty: list the templates (as `cdk init` without arguments)
    std::string language;      ///< empty: the template's only language
    std::string name;          ///< empty: the directory's name
    bool pipeline = false;
    bool generate_only = false;
    bool list = false;
};

CLI::App* add_init_arguments(CLI::App& app, InitArguments& args);

} // namespace cdk::cli
