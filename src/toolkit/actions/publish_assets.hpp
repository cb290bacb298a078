#pragma once

#include "core/result.hpp"
#include "toolkit/deploy/asset_publishing.hpp"
#include "toolkit/environments.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cdk::toolkit {

/// `publish-assets`: which assets of which asset manifest.
struct PublishAssetsOptions {
    /// An asset manifest (`<Stack>.assets.json`) of a cloud assembly; sources are relative to it.
    std::filesystem::path manifest;
    /// `<asset id>` or `<asset id>:<destination id>`; empty: every asset of the manifest.
    std::vector<std::string> selectors;
};

/// What publishing did, and where.
struct PublishAssetsOutcome {
    ResolvedEnvironment environment;
    deploy::PublishSummary summary;
};

/// Publishes assets of one asset manifest without deploying anything (what CDK Pipelines' asset actions run:
/// the stock pipeline's `cdk-assets --path <manifest> publish <asset>:<destination>`): the environment comes
/// from the destinations (deploy::manifest_environment), each destination's publishing role is assumed from
/// the current credentials, objects already in the bucket are skipped.
[[nodiscard]] Result<PublishAssetsOutcome>
publish_manifest_assets(SessionPool& sessions, const PublishAssetsOptions& options,
                        const std::function<void(const std::string&)>& on_message);

} // namespace cdk::toolkit
