#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace cdk::cli {

/// `cdkpp whoami [--profile P] [--region R] [--endpoint-url URL]`.
struct WhoamiArguments {
    std::string profile;
    std::string region;
    std::string endpoint_url;
};

CLI::App* add_whoami_arguments(CLI::App& app, WhoamiArguments& args);

} // namespace cdk::cli
