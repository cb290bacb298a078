#pragma once

#include "constructs/construct.hpp"
#include "constructs/stack_synthesizer.hpp"

#include <string>
#include <vector>

namespace cdk {

class Stack;

/// Props of AssetStaging.
struct AssetStagingProps {
    /// The file or directory to stage.
    std::string source_path;
    /// A custom hash instead of the fingerprint (CDK: assetHash with AssetHashType.CUSTOM).
    std::string asset_hash;
    /// Extra names to leave out of the fingerprint and the copy.
    std::vector<std::string> exclude;
};

/// Copies an asset into the cloud assembly as `asset.<hash><ext>` (file) or `asset.<hash>/`
/// (directory), with the hash the CDK computes (CDK: AssetStaging). Zipping a directory happens at
/// publish time in the toolkit, not here.
class AssetStaging : public Construct {
public:
    AssetStaging(Construct& scope, std::string_view id, const AssetStagingProps& props);

    [[nodiscard]] const std::string& asset_hash() const { return asset_hash_; }
    /// Absolute path of the staged copy.
    [[nodiscard]] const std::string& absolute_staged_path() const { return staged_path_; }
    /// The staged path relative to the assembly directory of `stack`.
    [[nodiscard]] std::string relative_staged_path(const Stack& stack) const;
    [[nodiscard]] FileAssetPackaging packaging() const { return packaging_; }
    /// The extension kept in the object key (".txt"; archives keep ".tar.gz" etc.).
    [[nodiscard]] const std::string& extension() const { return extension_; }
    /// True when the source file is already an archive (.zip, .jar, ...).
    [[nodiscard]] bool is_archive() const { return is_archive_; }

private:
    std::string asset_hash_;
    std::string staged_path_;
    std::string extension_;
    FileAssetPackaging packaging_ = FileAssetPackaging::File;
    bool is_archive_ = false;
};

} // namespace cdk
