#pragma once

#include "aws/auth/session.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace cdk::cli {

/// `--profile`, `--region`, `--endpoint-url`: the AWS settings of verbs that talk to AWS.
struct AwsArguments {
    std::string profile;
    std::string region;
    std::string endpoint_url;

    [[nodiscard]] aws::auth::SessionOptions session_options() const {
        aws::auth::SessionOptions o;
        o.profile = profile;
        o.region = region;
        o.endpoint_url = endpoint_url;
        return o;
    }
};

void add_aws_arguments(CLI::App& sub, AwsArguments& args);

/// Parses `KEY=VALUE` items into a map (`--tags`); a malformed item is a CLI validation error.
std::map<std::string, std::string> parse_key_values(const std::vector<std::string>& items);

} // namespace cdk::cli
