#pragma once

#include "assembly/asset_manifest.hpp"
#include "core/result.hpp"
#include "toolkit/environments.hpp"

#include <filesystem>
#include <functional>
#include <string>

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
[[nodiscard]] Result<PublishSummary> publish_assets(SessionPool& sessions, const ResolvedEnvironment& env,
                                                   const std::filesystem::path& manifest_path,
                                                   const std::string& qualifier,
                                                   const std::function<void(const std::string&)>& on_message);

/// `s3://bucket/key` (or an https URL) as the https URL CloudFormation's TemplateURL takes:
/// `https://s3.<region>.<suffix>/<bucket>/<key>`.
[[nodiscard]] std::string template_url(const std::string& object_url, const ResolvedEnvironment& env);

} // namespace cdk::toolkit::deploy
