#pragma once

#include "apps/cli/arguments/aws_options.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cdk::cli {

/// `cdkpp deploy [STACKS...] [--all] [options]`.
struct DeployArguments {
    std::vector<std::string> stacks;
    bool all = false;
    bool exclusively = false;
    int concurrency = 1;
    std::string require_approval = "broadening";
    std::vector<std::string> parameters; ///< [STACK:]KEY=VALUE
    std::vector<std::string> tags;
    bool no_rollback = false;
    bool force = false;
    std::string outputs_file;
    AwsArguments aws;
};

CLI::App* add_deploy_arguments(CLI::App& app, DeployArguments& args);

/// `cdkpp diff [STACKS...] [--security-only] [--fail]`.
struct DiffArguments {
    std::vector<std::string> stacks;
    /// Only the security-related changes, and only of stacks whose permissions broaden.
    bool security_only = false;
    /// Exit 1 when there are differences (with security_only: when permissions broaden).
    bool fail = false;
    AwsArguments aws;
};

CLI::App* add_diff_arguments(CLI::App& app, DiffArguments& args);

/// `cdkpp destroy [STACKS...] [--all] [--force]`.
struct DestroyArguments {
    std::vector<std::string> stacks;
    bool all = false;
    bool exclusively = false;
    bool force = false;
    AwsArguments aws;
};

CLI::App* add_destroy_arguments(CLI::App& app, DestroyArguments& args);

} // namespace cdk::cli
