#pragma once

#include "constructs/construct.hpp"
#include "constructs/stack_synthesizer.hpp"

#include <string>
#include <vector>

namespace cdk::s3_assets {

/// Props of an Asset (CDK: aws-s3-assets AssetProps).
struct AssetProps {
    /// The file or directory to upload (a directory is zipped at publish time).
    std::string path;
    /// Shown by the toolkit; defaults to the construct path relative to the stack.
    std::string display_name;
    /// A custom hash instead of the source fingerprint.
    std::string asset_hash;
    /// Names to leave out of the fingerprint and the upload.
    std::vector<std::string> exclude;
};

/// A local file or directory published to the bootstrap bucket before deployment (CDK: s3_assets.Asset).
/// Its location is known in the template through `s3_bucket_name()`, `s3_object_key()`, `s3_object_url()`
/// and `http_url()` (tokens or literals depending on the stack's environment).
class Asset : public Construct {
public:
    Asset(Construct& scope, std::string_view id, const AssetProps& props);

    /// The CDK-compatible fingerprint of the source (also the asset id).
    [[nodiscard]] const std::string& asset_hash() const { return asset_hash_; }
    /// The staged path relative to the stack's assembly directory.
    [[nodiscard]] const std::string& asset_path() const { return asset_path_; }
    [[nodiscard]] const std::string& s3_bucket_name() const { return location_.bucket_name; }
    [[nodiscard]] const std::string& s3_object_key() const { return location_.object_key; }
    /// `s3://bucket/key`.
    [[nodiscard]] const std::string& s3_object_url() const { return location_.s3_object_url; }
    /// `https://s3.<region>.<suffix>/bucket/key`.
    [[nodiscard]] const std::string& http_url() const { return location_.http_url; }
    [[nodiscard]] bool is_file() const { return is_file_; }
    [[nodiscard]] bool is_zip_archive() const { return is_zip_archive_; }

private:
    std::string asset_hash_;
    std::string asset_path_;
    FileAssetLocation location_;
    bool is_file_ = true;
    bool is_zip_archive_ = false;
};

} // namespace cdk::s3_assets
