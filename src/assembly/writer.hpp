#pragma once

#include "assembly/asset_manifest.hpp"
#include "assembly/manifest.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <string>

namespace cdk::assembly {

/// File names inside an assembly directory.
inline constexpr std::string_view kManifestFile = "manifest.json";
inline constexpr std::string_view kMarkerFile = "cdk.out";

/// Writes `manifest.json` into `dir` (created when missing), 2-space indented like aws-cdk-lib.
/// Files are written in place, not atomically: see src/assembly/README.md.
[[nodiscard]] Result<void> write_manifest(const std::filesystem::path& dir, const AssemblyManifest& manifest);

/// Writes the `cdk.out` marker (`{"version":"55.0.0"}`) that tells tools `dir` is a cloud assembly.
[[nodiscard]] Result<void> write_assembly_marker(const std::filesystem::path& dir,
                                                 std::string_view version = kSchemaVersion);

/// Writes `manifest.json` and the `cdk.out` marker: the last step of synthesizing one (nested) assembly,
/// after its templates and asset manifests are on disk.
[[nodiscard]] Result<void> write_assembly(const std::filesystem::path& dir, const AssemblyManifest& manifest);

/// Writes an asset manifest (`<Stack>.assets.json`), 2-space indented.
[[nodiscard]] Result<void> write_asset_manifest(const std::filesystem::path& file,
                                                const AssetManifest& manifest);

/// Writes a stack's metadata file (`<Stack>.metadata.json`, the artifact's additionalMetadataFile), 2-space
/// indented: the bytes of metadata_to_json dumped, written without building that document.
[[nodiscard]] Result<void> write_metadata_file(const std::filesystem::path& file,
                                               const MetadataMap& metadata);

/// Writes a CloudFormation template as aws-cdk-lib does (1-space indentation).
[[nodiscard]] Result<void> write_template(const std::filesystem::path& file, const Json& tmpl);
/// Same, keeping the template's key order (Resources in the order they were added).
[[nodiscard]] Result<void> write_template(const std::filesystem::path& file,
                                          const nlohmann::ordered_json& tmpl);
/// Writes a template like write_template and returns the SHA-256 (hex) of the bytes written: the
/// template asset's source hash, without reading the file back.
[[nodiscard]] Result<std::string> write_template_sha256(const std::filesystem::path& file, const Json& tmpl);
[[nodiscard]] Result<std::string> write_template_sha256(const std::filesystem::path& file,
                                                        const nlohmann::ordered_json& tmpl);

/// Writes any JSON document with the given indentation (tree.json, metadata files), byte for byte as
/// nlohmann's dump(indent) with invalid UTF-8 replaced (core/json_writer.hpp).
[[nodiscard]] Result<void> write_json_file(const std::filesystem::path& file,
                                           const nlohmann::ordered_json& json, int indent = 2);
[[nodiscard]] Result<void> write_json_file(const std::filesystem::path& file, const Json& json,
                                           int indent = 2);

/// Writes text that is already rendered (e.g. a template whose hash was taken from the same bytes).
[[nodiscard]] Result<void> write_text_file(const std::filesystem::path& file, std::string_view content);

} // namespace cdk::assembly
