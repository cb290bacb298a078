#include "toolkit/actions/publish_assets.hpp"

#include "assembly/asset_manifest.hpp"

namespace cdk::toolkit {
namespace {

/// The bootstrap qualifier in a default bucket name (`cdk-<qualifier>-assets-<account>-<region>`), for the
/// bootstrap command in messages; empty for other names.
std::string qualifier_of_bucket(const assembly::AssetManifest& manifest) {
    for (const auto& [id, asset] : manifest.files) {
        for (const auto& [dest_id, dest] : asset.destinations) {
            const std::string& name = dest.bucket_name;
            const auto end = name.find("-assets-");
            if (name.rfind("cdk-", 0) == 0 && end != std::string::npos && end > 4)
                return name.substr(4, end - 4);
        }
    }
    return "";
}

} // namespace

Result<PublishAssetsOutcome>
publish_manifest_assets(SessionPool& sessions, const PublishAssetsOptions& options,
                        const std::function<void(const std::string&)>& on_message) {
    if (!std::filesystem::is_regular_file(options.manifest)) {
        return make_error("AssetManifestNotFound",
                          "no asset manifest " + options.manifest.string() +
                              ": give --path the <Stack>.assets.json of a synthesized cloud assembly");
    }
    auto manifest = assembly::read_asset_manifest(options.manifest.string());
    if (!manifest) return manifest.error();
    auto env = deploy::manifest_environment(sessions, options.manifest, options.selectors);
    if (!env) return env.error();
    auto summary = deploy::publish_assets(sessions, *env, options.manifest, qualifier_of_bucket(*manifest),
                                          on_message, options.selectors);
    if (!summary) return summary.error();
    return PublishAssetsOutcome{*env, *summary};
}

} // namespace cdk::toolkit
