#include "toolkit/deploy/asset_publishing.hpp"

#include "aws/s3/s3_client.hpp"
#include "core/fs.hpp"
#include "core/strings.hpp"
#include "toolkit/deploy/target_access.hpp"
#include "toolkit/deploy/zip.hpp"

#include <algorithm>

namespace cdk::toolkit::deploy {

std::string template_url(const std::string& object_url, const ResolvedEnvironment& env) {
    const std::string prefix = "s3://";
    if (object_url.rfind(prefix, 0) != 0) return object_url;
    const std::string suffix = env.partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return "https://s3." + env.region + "." + suffix + "/" + object_url.substr(prefix.size());
}

namespace {

/// The selected (asset id, destination id) pairs of a manifest, in the manifest's order; every selector must
/// match something.
Result<std::vector<std::pair<std::string, std::string>>>
select_destinations(const assembly::AssetManifest& manifest, const std::filesystem::path& manifest_path,
                    const std::vector<std::string>& selectors) {
    std::vector<std::pair<std::string, std::string>> out;
    auto known = [&] {
        std::string list;
        for (const auto& [id, asset] : manifest.files) {
            for (const auto& [dest_id, dest] : asset.destinations)
                list += (list.empty() ? "" : ", ") + id + ":" + dest_id;
        }
        for (const auto& [id, image] : manifest.docker_images) {
            for (const auto& [dest_id, dest] : image.destinations)
                list += (list.empty() ? "" : ", ") + id + ":" + dest_id + " (image)";
        }
        return list.empty() ? std::string("none") : list;
    };
    for (const std::string& selector : selectors) {
        const auto colon = selector.find(':');
        const std::string id = selector.substr(0, colon);
        const std::string dest = colon == std::string::npos ? "" : selector.substr(colon + 1);
        if (id.empty() || (colon != std::string::npos && dest.empty())) {
            return make_error("InvalidAssetSelector",
                              "asset selector '" + selector +
                                  "' is not <asset id> or <asset id>:<destination id>");
        }
        if (manifest.docker_images.count(id) != 0) {
            return make_error("ImageAssetsUnsupported",
                              "asset " + id + " in " + manifest_path.string() +
                                  " is a container image, which cdkpp does not publish yet");
        }
        auto asset = manifest.files.find(id);
        if (asset == manifest.files.end() || (!dest.empty() && asset->second.destinations.count(dest) == 0)) {
            return make_error("AssetNotFound", "no asset destination '" + selector + "' in " +
                                                   manifest_path.string() + "; it has: " + known());
        }
        for (const auto& [dest_id, d] : asset->second.destinations) {
            if (!dest.empty() && dest_id != dest) continue;
            const std::pair<std::string, std::string> pair{id, dest_id};
            if (std::find(out.begin(), out.end(), pair) == out.end()) out.push_back(pair);
        }
    }
    return out;
}

/// The account in an ARN (`arn:partition:service:region:account:...`, the partition possibly the
/// `${AWS::Partition}` placeholder) when it is twelve digits.
std::string literal_account(const std::string& role_arn) {
    const std::string arn = strings::replace_all(role_arn, "${AWS::Partition}", "aws");
    std::size_t at = 0;
    for (int field = 0; field < 4; ++field) {
        at = arn.find(':', at);
        if (at == std::string::npos) return "";
        ++at;
    }
    const std::string account = arn.substr(at, arn.find(':', at) - at);
    const bool digits = account.size() == 12 && std::all_of(account.begin(), account.end(),
                                                            [](char c) { return c >= '0' && c <= '9'; });
    return digits ? account : "";
}

} // namespace

Result<ResolvedEnvironment> manifest_environment(SessionPool& sessions,
                                                 const std::filesystem::path& manifest_path,
                                                 const std::vector<std::string>& selectors) {
    auto manifest = assembly::read_asset_manifest(manifest_path.string());
    if (!manifest) return manifest.error();
    assembly::Environment env;
    const assembly::FileDestination* first = nullptr;
    if (selectors.empty()) {
        for (const auto& [id, asset] : manifest->files) {
            if (!asset.destinations.empty()) {
                first = &asset.destinations.begin()->second;
                break;
            }
        }
    } else {
        auto selected = select_destinations(*manifest, manifest_path, selectors);
        if (!selected) return selected.error();
        if (!selected->empty()) {
            first = &manifest->files.at(selected->front().first).destinations.at(selected->front().second);
        }
    }
    if (first != nullptr) {
        if (first->assume_role_arn) {
            if (auto account = literal_account(*first->assume_role_arn); !account.empty())
                env.account = account;
        }
        if (first->region && first->region->find("${") == std::string::npos) env.region = *first->region;
    }
    return sessions.resolve(env);
}

Result<PublishSummary> publish_assets(SessionPool& sessions, const ResolvedEnvironment& env,
                                      const std::filesystem::path& manifest_path,
                                      const std::string& qualifier,
                                      const std::function<void(const std::string&)>& on_message,
                                      const std::vector<std::string>& selectors) {
    auto manifest = assembly::read_asset_manifest(manifest_path.string());
    if (!manifest) return manifest.error();
    std::vector<std::pair<std::string, std::string>> selected;
    if (selectors.empty()) {
        if (!manifest->docker_images.empty()) {
            return make_error("ImageAssetsUnsupported",
                              manifest_path.string() +
                                  " has container image assets, which cdkpp does not publish yet");
        }
        for (const auto& [id, asset] : manifest->files) {
            for (const auto& [dest_id, dest] : asset.destinations)
                selected.emplace_back(id, dest_id);
        }
    } else {
        auto chosen = select_destinations(*manifest, manifest_path, selectors);
        if (!chosen) return chosen.error();
        selected = std::move(*chosen);
    }
    PublishSummary summary;
    const auto base_dir = manifest_path.parent_path();
    for (const auto& [id, dest_id] : selected) {
        const assembly::FileAsset& asset = manifest->files.at(id);
        if (!asset.source.path) {
            return make_error("AssetSourceUnsupported",
                              "asset " + id + " in " + manifest_path.string() +
                                  " is built by a command, which cdkpp does not run yet");
        }
        {
            const assembly::FileDestination& dest = asset.destinations.at(dest_id);
            ResolvedEnvironment target = env;
            if (dest.region) target.region = substitute_placeholders(*dest.region, env);
            target.partition = partition_of(target.region);
            auto access =
                access_target(sessions, target, {dest.assume_role_arn, "file-publishing", qualifier});
            if (!access) return access.error();
            auto s3 = aws::s3::S3Client::create(access->session);
            if (!s3) return s3.error();
            const std::string bucket = substitute_placeholders(dest.bucket_name, target);
            const std::string key = substitute_placeholders(dest.object_key, target);
            auto head = s3->head_object(bucket, key);
            if (!head) {
                if (head.error().code == "NoSuchBucket") {
                    return make_error("NotBootstrapped", "asset bucket " + bucket + " does not exist in " +
                                                             target.to_string() + ": run " +
                                                             bootstrap_command(target, qualifier, ""));
                }
                return explain_credentials_error(head.error());
            }
            if (*head) {
                ++summary.skipped;
                continue;
            }
            const auto source = base_dir / *asset.source.path;
            const bool zip = asset.source.packaging == assembly::FilePackaging::Zip ||
                             std::filesystem::is_directory(source);
            auto body = zip ? zip_directory(source) : fs::read_file(source);
            if (!body) return body.error();
            if (on_message)
                on_message("publishing " + (asset.display_name ? *asset.display_name : id) + " to s3://" +
                           bucket + "/" + key);
            Json extra = Json::object();
            extra["ContentType"] = zip ? "application/zip" : "application/octet-stream";
            auto put = s3->put_object(bucket, key, *body, extra);
            if (!put) return explain_credentials_error(put.error());
            ++summary.uploaded;
        }
    }
    return summary;
}

} // namespace cdk::toolkit::deploy
