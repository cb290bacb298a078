#pragma once

#include "assembly/schema_version.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cdk::assembly {

/// The type of a cloud artifact (schema `ArtifactType`). `Unknown` keeps the raw name so an
/// assembly from a newer library round-trips.
enum class ArtifactType {
    None,
    CloudFormationStack, ///< aws:cloudformation:stack
    AssetManifest,       ///< cdk:asset-manifest
    Tree,                ///< cdk:tree
    NestedCloudAssembly, ///< cdk:cloud-assembly
    FeatureFlagReport,   ///< cdk:feature-flag-report
    Unknown,
};
[[nodiscard]] std::string_view to_string(ArtifactType type);
[[nodiscard]] ArtifactType artifact_type_from_string(std::string_view name);

/// One metadata entry (schema `MetadataEntry`): `aws:cdk:logicalId`, `aws:cdk:warning`, ...
struct MetadataEntry {
    std::string type;
    Json data;                      ///< null when absent
    std::vector<std::string> trace; ///< empty when absent
};
/// Metadata entries by construct path (`/Stack/Resource`).
using MetadataMap = std::map<std::string, std::vector<MetadataEntry>>;

/// Well-known metadata entry types.
namespace metadata_type {
inline constexpr std::string_view kLogicalId = "aws:cdk:logicalId";
inline constexpr std::string_view kInfo = "aws:cdk:info";
inline constexpr std::string_view kWarning = "aws:cdk:warning";
inline constexpr std::string_view kError = "aws:cdk:error";
inline constexpr std::string_view kStackTags = "aws:cdk:stack-tags";
inline constexpr std::string_view kAsset = "aws:cdk:asset";
} // namespace metadata_type

/// A role created by bootstrapping (schema `BootstrapRole`), e.g. the lookup role.
struct BootstrapRole {
    std::string arn;
    std::optional<std::string> assume_role_external_id;
    std::optional<int> requires_bootstrap_stack_version;
    std::optional<std::string> bootstrap_stack_version_ssm_parameter;
};

/// Properties of an `aws:cloudformation:stack` artifact (schema `AwsCloudFormationStackProperties`).
struct StackProperties {
    std::string template_file; ///< relative to the assembly directory
    std::map<std::string, std::string> parameters;
    std::map<std::string, std::string> tags;
    std::optional<std::vector<std::string>> notification_arns;
    std::optional<std::string> stack_name; ///< default: the artifact id
    std::optional<bool> termination_protection;
    std::optional<std::string> assume_role_arn;
    std::optional<std::string> assume_role_external_id;
    std::optional<std::string> cloud_formation_execution_role_arn;
    std::optional<BootstrapRole> lookup_role;
    std::optional<std::string> stack_template_asset_object_url;
    std::optional<int> requires_bootstrap_stack_version;
    std::optional<std::string> bootstrap_stack_version_ssm_parameter;
    std::optional<bool> validate_on_synth;
    /// Written by aws-cdk-lib (the stack's own asset manifest), not in the schema's property list.
    std::vector<std::string> additional_dependencies;
    /// Any other property, kept as written (object; null when there is none).
    Json extra;
};

/// Properties of a `cdk:asset-manifest` artifact (schema `AssetManifestProperties`).
struct AssetManifestProperties {
    std::string file;
    std::optional<int> requires_bootstrap_stack_version;
    std::optional<std::string> bootstrap_stack_version_ssm_parameter;
};

/// Properties of a `cdk:tree` artifact.
struct TreeProperties {
    std::string file;
};

/// Properties of a `cdk:cloud-assembly` artifact: a Stage's nested assembly.
struct NestedAssemblyProperties {
    std::string directory_name; ///< relative to the parent assembly directory
    std::optional<std::string> display_name;
};

/// The typed properties of an artifact; `Json` for types we do not model (feature-flag report, unknown).
using ArtifactProperties = std::variant<std::monostate, StackProperties, AssetManifestProperties,
                                        TreeProperties, NestedAssemblyProperties, Json>;

/// One artifact of an assembly (schema `ArtifactManifest`); `id` is its key in `artifacts`.
struct ArtifactManifest {
    std::string id;
    ArtifactType type = ArtifactType::None;
    std::string type_name;                  ///< the raw type string; only read when type is Unknown
    std::optional<std::string> environment; ///< `aws://account/region`
    ArtifactProperties properties;
    std::vector<std::string> dependencies; ///< ids of artifacts in the same assembly
    MetadataMap metadata;
    std::optional<std::string> additional_metadata_file;
    std::optional<std::string> display_name;

    [[nodiscard]] const StackProperties* stack_properties() const {
        return std::get_if<StackProperties>(&properties);
    }
    [[nodiscard]] const AssetManifestProperties* asset_manifest_properties() const {
        return std::get_if<AssetManifestProperties>(&properties);
    }
    [[nodiscard]] const NestedAssemblyProperties* nested_assembly_properties() const {
        return std::get_if<NestedAssemblyProperties>(&properties);
    }
    [[nodiscard]] const TreeProperties* tree_properties() const {
        return std::get_if<TreeProperties>(&properties);
    }
};

/// `manifest.json` of a cloud assembly (schema `AssemblyManifest`). Artifacts keep their file order.
struct AssemblyManifest {
    std::string version{kSchemaVersion};
    std::vector<ArtifactManifest> artifacts;
    /// Missing context entries (schema `MissingContext`: key, provider, props), kept as written.
    std::vector<Json> missing;
    /// `runtime.libraries`: library name to version. Written only when non-empty.
    std::map<std::string, std::string> runtime_libraries;
    std::optional<std::string> minimum_cli_version;

    [[nodiscard]] const ArtifactManifest* find_artifact(std::string_view id) const;
};

/// The JSON form of a manifest, in the schema's field names, artifacts in order.
[[nodiscard]] nlohmann::ordered_json manifest_to_json(const AssemblyManifest& manifest);
/// Parses a manifest's JSON; `where` names the file in error messages.
[[nodiscard]] Result<AssemblyManifest> manifest_from_json(const nlohmann::ordered_json& json,
                                                          std::string_view where);
/// Parses the text of a manifest file `path` (named in error messages), as
/// `manifest_from_json(parse_json_text(text, path), path.string())` does, with the same result and the same
/// errors (`JsonMalformed`, `ManifestMalformed`, `AssemblyVersionUnsupported`), without building the JSON
/// document in between when the text is plain (no float, no repeated key: what the CDK writes).
[[nodiscard]] Result<AssemblyManifest> manifest_from_text(std::string_view text,
                                                          const std::filesystem::path& path);
/// Parses a metadata map (`metadata`, or the content of an `additionalMetadataFile`).
[[nodiscard]] Result<MetadataMap> metadata_from_json(const nlohmann::ordered_json& json,
                                                     std::string_view where);
[[nodiscard]] nlohmann::ordered_json metadata_to_json(const MetadataMap& metadata);

/// The text of `json::dump(manifest_to_json(manifest), 2)`, byte for byte, written directly without
/// building the JSON document (what write_manifest writes).
[[nodiscard]] std::string manifest_to_text(const AssemblyManifest& manifest);
/// The text of `json::dump(metadata_to_json(metadata), 2)`, byte for byte, written directly.
[[nodiscard]] std::string metadata_to_text(const MetadataMap& metadata);

} // namespace cdk::assembly
