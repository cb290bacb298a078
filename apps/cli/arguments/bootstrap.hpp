#pragma once

#include "apps/cli/arguments/aws_options.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cdk::cli {

/// `cdkpp bootstrap [aws://ACCOUNT/REGION...] [options]`, flags named as the stock `cdk bootstrap`'s.
struct BootstrapArguments {
    std::vector<std::string> environments;
    std::string qualifier;
    std::string toolkit_stack_name;
    std::string bucket_name;
    std::vector<std::string> trust;
    std::vector<std::string> trust_for_lookup;
    std::vector<std::string> untrust;
    std::vector<std::string> execution_policies;
    std::string kms_key_id;
    std::string customer_key;           ///< "true"/"false"/"" (unset)
    std::string public_access_block;    ///< "true"/"false"/""
    std::string termination_protection; ///< "true"/"false"/""
    std::vector<std::string> tags;
    bool show_template = false;
    std::string template_file;
    bool no_execute = false;
    bool force = false;
    AwsArguments aws;
};

CLI::App* add_bootstrap_arguments(CLI::App& app, BootstrapArguments& args);

} // namespace cdk::cli
