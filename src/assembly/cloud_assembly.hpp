#pragma once

#include "assembly/environment.hpp"
#include "assembly/manifest.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::assembly {

namespace detail {
struct AssemblyReader;
/// For tests: from how many nested assemblies in one manifest on they are read in parallel (0: the
/// default, 500).
void set_parallel_nested_from(std::size_t count);
} // namespace detail

/// A stack artifact as the toolkit sees it: where it lives, what it is called, where it goes.
struct StackArtifact {
    std::string id;              ///< artifact id inside its assembly (e.g. `DevServiceED593074`)
    std::string hierarchical_id; ///< display name, else the id (e.g. `Dev/Service`): what `ls` prints and
                                 ///< patterns match
    std::string stack_name;      ///< the CloudFormation stack name (`stackName`, else the id)
    Environment environment;
    std::vector<std::string> dependencies; ///< artifact ids in the same assembly (stacks and asset manifests)
    std::filesystem::path assembly_dir;    ///< the (nested) assembly directory holding it
    std::filesystem::path template_path;   ///< absolute path of the template file
    std::vector<std::string> asset_manifests;           ///< asset manifest files (absolute) it depends on
    std::optional<std::filesystem::path> metadata_file; ///< its `additionalMetadataFile` (absolute)
    /// Where properties() and metadata() are: the artifact in the manifest of the CloudAssembly the stack
    /// was read from (kept once, not copied; valid as long as that assembly), or anything that outlives a
    /// stack made by hand. Null reads as empty.
    const StackProperties* properties_source = nullptr;
    const MetadataMap* metadata_source = nullptr;

    /// The artifact's stack properties.
    [[nodiscard]] const StackProperties& properties() const;
    /// Inline metadata of the artifact.
    [[nodiscard]] const MetadataMap& metadata() const;

    /// Reads and parses the template (file order kept). A missing template is `AssemblyFileMissing`, naming
    /// the manifest, the artifact and the file.
    [[nodiscard]] Result<nlohmann::ordered_json> read_template() const;
    /// Inline metadata merged with the metadata file's (where aws-cdk-lib puts it).
    [[nodiscard]] Result<MetadataMap> read_metadata() const;
    /// The entries of read_metadata() whose type is one of `types` (paths without one are left out).
    /// The metadata file is parsed only when its text contains one of the type names, or a `\u` escape
    /// that could spell one: a big file of logical-id entries is read but not parsed.
    [[nodiscard]] Result<MetadataMap> read_metadata_of_types(std::span<const std::string_view> types) const;
};

/// A cloud assembly read from disk: its manifest, its stacks, and the nested assemblies of its Stages.
class CloudAssembly {
public:
    CloudAssembly() = default;
    /// Move-only: its stacks point into its manifest (a moved vector keeps its elements in place).
    CloudAssembly(const CloudAssembly&) = delete;
    CloudAssembly& operator=(const CloudAssembly&) = delete;
    CloudAssembly(CloudAssembly&&) noexcept = default;
    CloudAssembly& operator=(CloudAssembly&&) noexcept = default;
    ~CloudAssembly() = default;

    /// The directory it was read from.
    [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }
    [[nodiscard]] const AssemblyManifest& manifest() const { return manifest_; }
    /// Stacks of this assembly only, in manifest order.
    [[nodiscard]] const std::vector<StackArtifact>& stacks() const { return stacks_; }
    /// Nested assemblies (one per Stage), in manifest order.
    [[nodiscard]] const std::vector<CloudAssembly>& nested() const { return nested_; }
    /// Artifact id of this assembly in its parent (`assembly-Dev`); empty for the root.
    [[nodiscard]] const std::string& artifact_id() const { return artifact_id_; }
    /// Display name given by the parent (`Dev/Inner`); empty for the root.
    [[nodiscard]] const std::string& display_name() const { return display_name_; }
    /// Stacks of this assembly, then of each nested assembly depth-first (the CLI's `stacksRecursively`).
    [[nodiscard]] std::vector<const StackArtifact*> stacks_recursively() const;
    /// The stack with this hierarchical id or artifact id anywhere in the tree, or nullptr.
    [[nodiscard]] const StackArtifact* find_stack(std::string_view id) const;
    /// Metadata of an artifact: its inline `metadata` merged with its `additionalMetadataFile`.
    [[nodiscard]] Result<MetadataMap> read_metadata(const ArtifactManifest& artifact) const;

private:
    friend struct detail::AssemblyReader;
    std::filesystem::path directory_;
    AssemblyManifest manifest_;
    std::vector<StackArtifact> stacks_;
    std::vector<CloudAssembly> nested_;
    std::string artifact_id_;
    std::string display_name_;
};

/// Reads the assembly in `dir` and its nested assemblies. Fails with a message naming the file and the fix
/// when the directory or manifest is missing (`AssemblyNotFound`), the JSON is malformed (`JsonMalformed`,
/// `ManifestMalformed`), the schema major version is newer than we read (`AssemblyVersionUnsupported`), or a
/// nested assembly directory the manifest names is missing (`AssemblyFileMissing`). Templates are not
/// checked here, as the stock cx-api does not: StackArtifact::read_template() reports a missing one.
[[nodiscard]] Result<CloudAssembly> read_assembly(const std::filesystem::path& dir);

} // namespace cdk::assembly
