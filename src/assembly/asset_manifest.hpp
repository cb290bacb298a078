#pragma once

#include "assembly/schema_version.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::assembly {

/// How a file asset is uploaded: as it is, or zipped (a directory).
enum class FilePackaging { File, Zip };
[[nodiscard]] std::string_view to_string(FilePackaging packaging);

/// Where a file asset comes from (schema `FileSource`): a path relative to the assembly, or a command.
struct FileSource {
    std::optional<std::string> path;
    std::optional<std::vector<std::string>> executable;
    std::optional<FilePackaging> packaging;
};

/// Where a file asset goes (schema `FileDestination`). Values may hold `${AWS::AccountId}`-style
/// placeholders.
struct FileDestination {
    std::string bucket_name;
    std::string object_key;
    std::optional<std::string> region;
    std::optional<std::string> assume_role_arn;
    std::optional<std::string> assume_role_external_id;
    Json assume_role_additional_options; ///< null when absent
};

/// One file asset (schema `FileAsset`).
struct FileAsset {
    std::optional<std::string> display_name;
    FileSource source;
    std::map<std::string, FileDestination> destinations;
};

/// Where a container image goes (schema `DockerImageDestination`).
struct DockerImageDestination {
    std::string repository_name;
    std::string image_tag;
    std::optional<std::string> region;
    std::optional<std::string> assume_role_arn;
    std::optional<std::string> assume_role_external_id;
    Json assume_role_additional_options; ///< null when absent
};

/// One container image asset (schema `DockerImageAsset`); the build source is kept as written.
struct DockerImageAsset {
    std::optional<std::string> display_name;
    Json source;
    std::map<std::string, DockerImageDestination> destinations;
};

/// `<Stack>.assets.json`: what to publish where before the stack deploys (schema `AssetManifest`).
struct AssetManifest {
    std::string version{kSchemaVersion};
    std::map<std::string, FileAsset> files;                ///< by asset id (the source hash)
    std::map<std::string, DockerImageAsset> docker_images; ///< by asset id
};

[[nodiscard]] nlohmann::ordered_json asset_manifest_to_json(const AssetManifest& manifest);
/// The text of `json::dump(asset_manifest_to_json(manifest), 2)`, byte for byte, written directly without
/// building the JSON document (what write_asset_manifest writes).
[[nodiscard]] std::string asset_manifest_to_text(const AssetManifest& manifest);
[[nodiscard]] Result<AssetManifest> asset_manifest_from_json(const nlohmann::ordered_json& json,
                                                             std::string_view where);
/// Reads and parses an asset manifest file.
[[nodiscard]] Result<AssetManifest> read_asset_manifest(const std::string& path);

} // namespace cdk::assembly
