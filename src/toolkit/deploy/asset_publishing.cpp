#include "toolkit/deploy/asset_publishing.hpp"

#include "aws/s3/s3_client.hpp"
#include "core/fs.hpp"
#include "toolkit/deploy/target_access.hpp"
#include "toolkit/deploy/zip.hpp"

namespace cdk::toolkit::deploy {

std::string template_url(const std::string& object_url, const ResolvedEnvironment& env) {
    const std::string prefix = "s3://";
    if (object_url.rfind(prefix, 0) != 0) return object_url;
    const std::string suffix = env.partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return "https://s3." + env.region + "." + suffix + "/" + object_url.substr(prefix.size());
}

Result<PublishSummary> publish_assets(SessionPool& sessions, const ResolvedEnvironment& env,
                                      const std::filesystem::path& manifest_path, const std::string& qualifier,
                                      const std::function<void(const std::string&)>& on_message) {
    auto manifest = assembly::read_asset_manifest(manifest_path.string());
    if (!manifest) return manifest.error();
    if (!manifest->docker_images.empty()) {
        return make_error("ImageAssetsUnsupported", manifest_path.string() +
                                                        " has container image assets, which cdkpp does not publish yet");
    }
    PublishSummary summary;
    const auto base_dir = manifest_path.parent_path();
    for (const auto& [id, asset] : manifest->files) {
        if (!asset.source.path) {
            return make_error("AssetSourceUnsupported", "asset " + id + " in " + manifest_path.string() +
                                                            " is built by a command, which cdkpp does not run yet");
        }
        for (const auto& [dest_id, dest] : asset.destinations) {
            ResolvedEnvironment target = env;
            if (dest.region) target.region = substitute_placeholders(*dest.region, env);
            target.partition = partition_of(target.region);
            auto access = access_target(sessions, target, {dest.assume_role_arn, "file-publishing", qualifier});
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
            const bool zip = asset.source.packaging == assembly::FilePackaging::Zip || std::filesystem::is_directory(source);
            auto body = zip ? zip_directory(source) : fs::read_file(source);
            if (!body) return body.error();
            if (on_message) on_message("publishing " + (asset.display_name ? *asset.display_name : id) + " to s3://" + bucket + "/" + key);
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
