#pragma once

#include "assembly/asset_manifest.hpp"
#include "core/result.hpp"
#include "toolkit/environments.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cdk::toolkit::deploy {

/// Counts of what publishing did.
struct PublishSummary {
    int uploaded = 0;
    int skipped = 0; ///< already in the bucket
};

/// Publishes the file assets of an asset manifest (`<Stack>.assets.json`) to their destinations: for each,
/// substitute placeholders, assume the destination's role (the file-publishing role), HeadObject to skip
/// what is there, else upload the file, or the directory zipped deterministically. Container images are
/// refused (`ImageAssetsUnsupported`).
///
/// `selectors` (as cdk-assets takes them) limit what is published: `<asset id>` (every destination of the
/// asset) or `<asset id>:<destination id>`; empty publishes everything. A selector that names nothing in the
/// manifest is `AssetNotFound` (nothing is published then); with selectors, only the selected assets must
/// be publishable (a manifest's container images are refused only when selected).
[[nodiscard]] Result<PublishSummary> publish_assets(SessionPool& sessions, const ResolvedEnvironment& env,
                                                    const std::filesystem::path& manifest_path,
                                                    const std::string& qualifier,
                                                    const std::function<void(const std::string&)>& on_message,
                                                    const std::vector<std::string>& selectors = {});

/// The environment a manifest's destinations publish to, for publishing without a stack (`cdkpp
/// publish-assets`): the account of the first selected destination's role ARN (or bucket name) when it is
/// literal, else the current credentials'; its region, else the default region.
[[nodiscard]] Result<ResolvedEnvironment> manifest_environment(SessionPool& sessions,
                                                               const std::filesystem::path& manifest_path,
                                                               const std::vector<std::string>& selectors);

/// `s3://bucket/key` (or an https URL) as the https URL CloudFormation's TemplateURL takes:
/// `https://s3.<region>.<suffix>/<bucket>/<key>`.
[[nodiscard]] std::string template_url(const std::string& object_url, const ResolvedEnvironment& env);

} // namespace cdk::toolkit::deploy
