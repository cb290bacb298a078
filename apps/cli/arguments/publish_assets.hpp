#pragma once

#include "apps/cli/arguments/aws_options.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cdk::cli {

/// `cdkpp publish-assets --path <manifest> [SELECTORS...]` (AWS options as for deploy).
struct PublishAssetsArguments {
    std::string path;
    std::vector<std::string> selectors;
    AwsArguments aws;
};

CLI::App* add_publish_assets_arguments(CLI::App& app, PublishAssetsArguments& args);

} // namespace cdk::cli
