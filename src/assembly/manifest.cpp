#include "assembly/manifest.hpp"

#include "assembly/detail/json_build.hpp"
#include "assembly/detail/json_file.hpp"
#include "assembly/detail/json_text.hpp"
#include "assembly/detail/manifest_read.hpp"
#include "core/json_flat.hpp"
#include "core/json_writer.hpp"

#include <array>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace cdk::assembly {
namespace {

using OJson = nlohmann::ordered_json;
using detail::append_new_member;
using detail::JsonText;

constexpr std::array<std::pair<ArtifactType, std::string_view>, 6> kTypeNames{{
    {ArtifactType::None, "none"},
    {ArtifactType::CloudFormationStack, "aws:cloudformation:stack"},
    {ArtifactType::AssetManifest, "cdk:asset-manifest"},
    {ArtifactType::Tree, "cdk:tree"},
    {ArtifactType::NestedCloudAssembly, "cdk:cloud-assembly"},
    {ArtifactType::FeatureFlagReport, "cdk:feature-flag-report"},
}};

using detail::is_stack_key;

template <typename T> void put(OJson& out, const char* key, const std::optional<T>& value) {
    if (value) out[key] = *value;
}

OJson bootstrap_role_to_json(const BootstrapRole& role) {
    OJson j = OJson::object();
    j["arn"] = role.arn;
    put(j, "assumeRoleExternalId", role.assume_role_external_id);
    put(j, "requiresBootstrapStackVersion", role.requires_bootstrap_stack_version);
    put(j, "bootstrapStackVersionSsmParameter", role.bootstrap_stack_version_ssm_parameter);
    return j;
}

OJson stack_properties_to_json(const StackProperties& p) {
    OJson j = OJson::object();
    j["templateFile"] = p.template_file;
    if (!p.parameters.empty()) j["parameters"] = p.parameters;
    if (!p.tags.empty()) j["tags"] = p.tags;
    put(j, "notificationArns", p.notification_arns);
    put(j, "terminationProtection", p.termination_protection);
    put(j, "validateOnSynth", p.validate_on_synth);
    put(j, "assumeRoleArn", p.assume_role_arn);
    put(j, "assumeRoleExternalId", p.assume_role_external_id);
    put(j, "cloudFormationExecutionRoleArn", p.cloud_formation_execution_role_arn);
    put(j, "stackTemplateAssetObjectUrl", p.stack_template_asset_object_url);
    put(j, "requiresBootstrapStackVersion", p.requires_bootstrap_stack_version);
    put(j, "bootstrapStackVersionSsmParameter", p.bootstrap_stack_version_ssm_parameter);
    if (!p.additional_dependencies.empty()) j["additionalDependencies"] = p.additional_dependencies;
    if (p.lookup_role) j["lookupRole"] = bootstrap_role_to_json(*p.lookup_role);
    put(j, "stackName", p.stack_name);
    if (p.extra.is_object()) {
        for (const auto& [k, v] : p.extra.items())
            j[k] = OJson(v);
    }
    return j;
}

struct PropertiesVisitor {
    OJson operator()(const std::monostate&) const { return nullptr; }
    OJson operator()(const StackProperties& p) const { return stack_properties_to_json(p); }
    OJson operator()(const AssetManifestProperties& p) const {
        OJson j = OJson::object();
        j["file"] = p.file;
        put(j, "requiresBootstrapStackVersion", p.requires_bootstrap_stack_version);
        put(j, "bootstrapStackVersionSsmParameter", p.bootstrap_stack_version_ssm_parameter);
        return j;
    }
    OJson operator()(const TreeProperties& p) const {
        OJson j = OJson::object();
        j["file"] = p.file;
        return j;
    }
    OJson operator()(const NestedAssemblyProperties& p) const {
        OJson j = OJson::object();
        j["directoryName"] = p.directory_name;
        put(j, "displayName", p.display_name);
        return j;
    }
    OJson operator()(const Json& p) const { return OJson(p); }
};

// ---- Direct text output: the same bytes as json::dump(manifest_to_json(...), 2), no document built.

template <typename T> void put_text(JsonText& out, std::string_view key, const std::optional<T>& value) {
    if (!value) return;
    out.key(key);
    if constexpr (std::is_same_v<T, std::string>) {
        out.string(*value);
    } else if constexpr (std::is_same_v<T, bool>) {
        out.boolean(*value);
    } else if constexpr (std::is_same_v<T, int>) {
        out.integer(*value);
    } else {
        out.string_list(*value);
    }
}

void metadata_text(JsonText& out, const MetadataMap& metadata) {
    out.begin_object();
    for (const auto& [path, entries] : metadata) {
        out.key(path);
        out.begin_array();
        for (const auto& e : entries) {
            out.element();
            out.begin_object();
            out.member("type", e.type);
            if (!e.data.is_null()) {
                out.key("data");
                out.value(e.data);
            }
            if (!e.trace.empty()) {
                out.key("trace");
                out.string_list(e.trace);
            }
            out.end_object();
        }
        out.end_array();
    }
    out.end_object();
}

/// False when manifest_to_json would not simply append every key: an `extra` stack property that
/// replaces a modelled one in place.
bool extra_is_appended(const StackProperties& p) {
    if (!p.extra.is_object()) return true;
    for (const auto& [k, v] : p.extra.items()) {
        if (is_stack_key(k)) return false;
    }
    return true;
}

void stack_properties_text(JsonText& out, const StackProperties& p) {
    out.begin_object();
    out.member("templateFile", p.template_file);
    if (!p.parameters.empty()) {
        out.key("parameters");
        out.string_map(p.parameters);
    }
    if (!p.tags.empty()) {
        out.key("tags");
        out.string_map(p.tags);
    }
    put_text(out, "notificationArns", p.notification_arns);
    put_text(out, "terminationProtection", p.termination_protection);
    put_text(out, "validateOnSynth", p.validate_on_synth);
    put_text(out, "assumeRoleArn", p.assume_role_arn);
    put_text(out, "assumeRoleExternalId", p.assume_role_external_id);
    put_text(out, "cloudFormationExecutionRoleArn", p.cloud_formation_execution_role_arn);
    put_text(out, "stackTemplateAssetObjectUrl", p.stack_template_asset_object_url);
    put_text(out, "requiresBootstrapStackVersion", p.requires_bootstrap_stack_version);
    put_text(out, "bootstrapStackVersionSsmParameter", p.bootstrap_stack_version_ssm_parameter);
    if (!p.additional_dependencies.empty()) {
        out.key("additionalDependencies");
        out.string_list(p.additional_dependencies);
    }
    if (p.lookup_role) {
        const BootstrapRole& role = *p.lookup_role;
        out.key("lookupRole");
        out.begin_object();
        out.member("arn", role.arn);
        put_text(out, "assumeRoleExternalId", role.assume_role_external_id);
        put_text(out, "requiresBootstrapStackVersion", role.requires_bootstrap_stack_version);
        put_text(out, "bootstrapStackVersionSsmParameter", role.bootstrap_stack_version_ssm_parameter);
        out.end_object();
    }
    put_text(out, "stackName", p.stack_name);
    if (p.extra.is_object()) {
        for (const auto& [k, v] : p.extra.items()) {
            out.key(k);
            out.value(v);
        }
    }
    out.end_object();
}

struct PropertiesTextVisitor {
    JsonText& out;
    void operator()(const std::monostate&) const {}
    void operator()(const StackProperties& p) const {
        out.key("properties");
        stack_properties_text(out, p);
    }
    void operator()(const AssetManifestProperties& p) const {
        out.key("properties");
        out.begin_object();
        out.member("file", p.file);
        put_text(out, "requiresBootstrapStackVersion", p.requires_bootstrap_stack_version);
        put_text(out, "bootstrapStackVersionSsmParameter", p.bootstrap_stack_version_ssm_parameter);
        out.end_object();
    }
    void operator()(const TreeProperties& p) const {
        out.key("properties");
        out.begin_object();
        out.member("file", p.file);
        out.end_object();
    }
    void operator()(const NestedAssemblyProperties& p) const {
        out.key("properties");
        out.begin_object();
        out.member("directoryName", p.directory_name);
        put_text(out, "displayName", p.display_name);
        out.end_object();
    }
    void operator()(const Json& p) const {
        if (p.is_null()) return;
        out.key("properties");
        out.value(p);
    }
};

/// False when the direct writer's simple layout does not apply (repeated artifact ids, an extra stack
/// property that replaces a modelled one); manifest_to_text then dumps manifest_to_json.
bool text_layout_applies(const AssemblyManifest& m) {
    std::unordered_map<std::string_view, bool> seen;
    seen.reserve(m.artifacts.size());
    for (const auto& a : m.artifacts) {
        if (!seen.try_emplace(a.id, true).second) return false;
        if (const auto* p = a.stack_properties(); p != nullptr && !extra_is_appended(*p)) return false;
    }
    return true;
}

} // namespace

std::string_view to_string(ArtifactType type) {
    for (const auto& [t, name] : kTypeNames) {
        if (t == type) return name;
    }
    return "unknown";
}

ArtifactType artifact_type_from_string(std::string_view name) {
    for (const auto& [t, n] : kTypeNames) {
        if (n == name) return t;
    }
    return ArtifactType::Unknown;
}

const ArtifactManifest* AssemblyManifest::find_artifact(std::string_view id) const {
    for (const auto& a : artifacts) {
        if (a.id == id) return &a;
    }
    return nullptr;
}

OJson metadata_to_json(const MetadataMap& metadata) {
    OJson out = OJson::object();
    for (const auto& [path, entries] : metadata) {
        OJson list = OJson::array();
        for (const auto& e : entries) {
            OJson item = OJson::object();
            item["type"] = e.type;
            if (!e.data.is_null()) item["data"] = OJson(e.data);
            if (!e.trace.empty()) item["trace"] = e.trace;
            list.push_back(std::move(item));
        }
        append_new_member(out, path, std::move(list)); // paths of a std::map: unique, sorted
    }
    return out;
}

Result<MetadataMap> metadata_from_json(const OJson& json, std::string_view where) {
    return detail::read_metadata_map(detail::OrderedJsonView(json), where);
}

OJson manifest_to_json(const AssemblyManifest& m) {
    OJson j = OJson::object();
    j["version"] = m.version;
    OJson artifacts = OJson::object();
    // Position of each id in `artifacts`: a repeated id replaces the earlier value in place, as
    // artifacts[a.id] = ... would, without operator[]'s linear search.
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(m.artifacts.size());
    for (const auto& a : m.artifacts) {
        OJson aj = OJson::object();
        aj["type"] = a.type == ArtifactType::Unknown ? a.type_name : std::string(to_string(a.type));
        put(aj, "environment", a.environment);
        OJson props = std::visit(PropertiesVisitor{}, a.properties);
        if (!props.is_null()) aj["properties"] = std::move(props);
        if (!a.dependencies.empty()) aj["dependencies"] = a.dependencies;
        if (!a.metadata.empty()) aj["metadata"] = metadata_to_json(a.metadata);
        put(aj, "additionalMetadataFile", a.additional_metadata_file);
        put(aj, "displayName", a.display_name);
        const auto [at, added] = index.try_emplace(a.id, artifacts.size());
        if (added) {
            append_new_member(artifacts, a.id, std::move(aj));
        } else {
            (artifacts.get_ref<OJson::object_t&>().begin() + static_cast<std::ptrdiff_t>(at->second))
                ->second = std::move(aj);
        }
    }
    j["artifacts"] = std::move(artifacts);
    if (!m.missing.empty()) {
        OJson missing = OJson::array();
        for (const auto& entry : m.missing)
            missing.push_back(OJson(entry));
        j["missing"] = std::move(missing);
    }
    if (!m.runtime_libraries.empty()) j["runtime"] = OJson{{"libraries", m.runtime_libraries}};
    put(j, "minimumCliVersion", m.minimum_cli_version);
    return j;
}

std::string metadata_to_text(const MetadataMap& metadata) {
    std::string text;
    JsonText out(text);
    metadata_text(out, metadata);
    return text;
}

std::string manifest_to_text(const AssemblyManifest& m) {
    if (!text_layout_applies(m)) return json::dump(manifest_to_json(m), 2);
    std::string text;
    text.reserve(1024 + 1024 * m.artifacts.size());
    JsonText out(text);
    out.begin_object();
    out.member("version", m.version);
    out.key("artifacts");
    out.begin_object();
    for (const auto& a : m.artifacts) {
        out.key(a.id);
        out.begin_object();
        out.member("type",
                   a.type == ArtifactType::Unknown ? std::string_view(a.type_name) : to_string(a.type));
        put_text(out, "environment", a.environment);
        std::visit(PropertiesTextVisitor{out}, a.properties);
        if (!a.dependencies.empty()) {
            out.key("dependencies");
            out.string_list(a.dependencies);
        }
        if (!a.metadata.empty()) {
            out.key("metadata");
            metadata_text(out, a.metadata);
        }
        put_text(out, "additionalMetadataFile", a.additional_metadata_file);
        put_text(out, "displayName", a.display_name);
        out.end_object();
    }
    out.end_object();
    if (!m.missing.empty()) {
        out.key("missing");
        out.begin_array();
        for (const auto& entry : m.missing) {
            out.element();
            out.value(entry);
        }
        out.end_array();
    }
    if (!m.runtime_libraries.empty()) {
        out.key("runtime");
        out.begin_object();
        out.key("libraries");
        out.string_map(m.runtime_libraries);
        out.end_object();
    }
    put_text(out, "minimumCliVersion", m.minimum_cli_version);
    out.end_object();
    return text;
}

Result<AssemblyManifest> manifest_from_json(const OJson& json, std::string_view where) {
    return detail::read_manifest(detail::OrderedJsonView(json), where);
}

Result<AssemblyManifest> manifest_from_text(std::string_view text, const std::filesystem::path& path) {
    const std::string where = path.string();
    {
        // The common case: read into a flat document (no allocation per value) and the model taken
        // from it. Anything it does not read (floats, a repeated key, malformed text) goes the general way,
        // which decides and reports as before.
        json::FlatDocument doc;
        if (doc.parse(text))
            return detail::read_manifest(detail::FlatView(doc, json::FlatDocument::kRoot), where);
    }
    auto json = detail::parse_json_text(text, path);
    if (!json) return json.error();
    return manifest_from_json(*json, where);
}

} // namespace cdk::assembly
