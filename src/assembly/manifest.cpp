#include "assembly/manifest.hpp"

#include "assembly/detail/field_reader.hpp"
#include "assembly/detail/json_build.hpp"
#include "assembly/detail/json_text.hpp"
#include "core/json_writer.hpp"

#include <array>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace cdk::assembly {
namespace {

using OJson = nlohmann::ordered_json;
using detail::append_new_member;
using detail::FieldReader;
using detail::JsonText;

constexpr std::array<std::pair<ArtifactType, std::string_view>, 6> kTypeNames{{
    {ArtifactType::None, "none"},
    {ArtifactType::CloudFormationStack, "aws:cloudformation:stack"},
    {ArtifactType::AssetManifest, "cdk:asset-manifest"},
    {ArtifactType::Tree, "cdk:tree"},
    {ArtifactType::NestedCloudAssembly, "cdk:cloud-assembly"},
    {ArtifactType::FeatureFlagReport, "cdk:feature-flag-report"},
}};

/// Stack property keys we model; everything else lands in StackProperties::extra.
constexpr std::array<std::string_view, 15> kStackKeys{
    "templateFile",
    "parameters",
    "tags",
    "notificationArns",
    "stackName",
    "terminationProtection",
    "assumeRoleArn",
    "assumeRoleExternalId",
    "cloudFormationExecutionRoleArn",
    "lookupRole",
    "stackTemplateAssetObjectUrl",
    "requiresBootstrapStackVersion",
    "bootstrapStackVersionSsmParameter",
    "validateOnSynth",
    "additionalDependencies",
};

bool is_stack_key(std::string_view key) {
    for (const auto k : kStackKeys) {
        if (k == key) return true;
    }
    return false;
}

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

std::optional<BootstrapRole> read_bootstrap_role(FieldReader& parent, const char* key) {
    const OJson* obj = parent.optional_object(key);
    if (obj == nullptr) return std::nullopt;
    std::optional<Error> err;
    FieldReader r(*obj, parent.where(key), err);
    BootstrapRole role;
    role.arn = r.required_string("arn");
    role.assume_role_external_id = r.optional_string("assumeRoleExternalId");
    role.requires_bootstrap_stack_version = r.optional_int("requiresBootstrapStackVersion");
    role.bootstrap_stack_version_ssm_parameter = r.optional_string("bootstrapStackVersionSsmParameter");
    if (err) parent.fail(err->message);
    return role;
}

StackProperties read_stack_properties(FieldReader& r) {
    StackProperties p;
    p.template_file = r.required_string("templateFile");
    p.parameters = r.string_map("parameters");
    p.tags = r.string_map("tags");
    if (r.has("notificationArns")) p.notification_arns = r.string_list("notificationArns");
    p.stack_name = r.optional_string("stackName");
    p.termination_protection = r.optional_bool("terminationProtection");
    p.assume_role_arn = r.optional_string("assumeRoleArn");
    p.assume_role_external_id = r.optional_string("assumeRoleExternalId");
    p.cloud_formation_execution_role_arn = r.optional_string("cloudFormationExecutionRoleArn");
    p.lookup_role = read_bootstrap_role(r, "lookupRole");
    p.stack_template_asset_object_url = r.optional_string("stackTemplateAssetObjectUrl");
    p.requires_bootstrap_stack_version = r.optional_int("requiresBootstrapStackVersion");
    p.bootstrap_stack_version_ssm_parameter = r.optional_string("bootstrapStackVersionSsmParameter");
    p.validate_on_synth = r.optional_bool("validateOnSynth");
    p.additional_dependencies = r.string_list("additionalDependencies");
    return p;
}

Result<ArtifactManifest> read_artifact(const std::string& id, const OJson& json, std::string_view where) {
    std::optional<Error> err;
    const std::string here = std::string(where) + ": artifacts." + id;
    FieldReader r(json, here, err);
    ArtifactManifest a;
    a.id = id;
    a.type_name = r.required_string("type");
    a.type = artifact_type_from_string(a.type_name);
    a.environment = r.optional_string("environment");
    a.dependencies = r.string_list("dependencies");
    a.additional_metadata_file = r.optional_string("additionalMetadataFile");
    a.display_name = r.optional_string("displayName");
    if (const OJson* md = r.optional_object("metadata")) {
        auto parsed = metadata_from_json(*md, here + ".metadata");
        if (!parsed) return parsed.error();
        a.metadata = std::move(*parsed);
    }
    if (const OJson* props = r.optional_object("properties")) {
        FieldReader pr(*props, here + ".properties", err);
        switch (a.type) {
        case ArtifactType::CloudFormationStack: {
            StackProperties sp = read_stack_properties(pr);
            Json extra = Json::object();
            for (const auto& [k, v] : props->items()) {
                if (!is_stack_key(k)) extra[k] = Json(v);
            }
            if (!extra.empty()) sp.extra = std::move(extra);
            a.properties = std::move(sp);
            break;
        }
        case ArtifactType::AssetManifest: {
            AssetManifestProperties ap;
            ap.file = pr.required_string("file");
            ap.requires_bootstrap_stack_version = pr.optional_int("requiresBootstrapStackVersion");
            ap.bootstrap_stack_version_ssm_parameter =
                pr.optional_string("bootstrapStackVersionSsmParameter");
            a.properties = std::move(ap);
            break;
        }
        case ArtifactType::Tree: a.properties = TreeProperties{pr.required_string("file")}; break;
        case ArtifactType::NestedCloudAssembly: {
            NestedAssemblyProperties np;
            np.directory_name = pr.required_string("directoryName");
            np.display_name = pr.optional_string("displayName");
            a.properties = std::move(np);
            break;
        }
        default: a.properties = Json(*props); break;
        }
    } else if (a.type == ArtifactType::CloudFormationStack || a.type == ArtifactType::AssetManifest ||
               a.type == ArtifactType::Tree || a.type == ArtifactType::NestedCloudAssembly) {
        if (!err) r.fail(here + ".properties is required for an artifact of type '" + a.type_name + "'");
    }
    if (err) return *err;
    return a;
}

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
    if (!json.is_object()) {
        return make_error("ManifestMalformed", std::string(where) + " must be an object of construct paths");
    }
    MetadataMap out;
    std::optional<Error> err;
    for (const auto& [path, entries] : json.items()) {
        if (!entries.is_array()) {
            return make_error("ManifestMalformed",
                              std::string(where) + "." + path + " must be a list of entries");
        }
        auto& list = out[path];
        for (const auto& entry : entries) {
            FieldReader r(entry, std::string(where) + "." + path + "[]", err);
            MetadataEntry e;
            e.type = r.required_string("type");
            if (const OJson* d = r.get("data")) e.data = Json(*d);
            e.trace = r.string_list("trace");
            if (err) return *err;
            list.push_back(std::move(e));
        }
    }
    return out;
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
    std::optional<Error> err;
    FieldReader r(json, std::string(where), err);
    AssemblyManifest m;
    m.version = r.required_string("version");
    if (err) return *err;
    if (auto readable = check_readable_version(m.version, where); !readable) return readable.error();
    m.minimum_cli_version = r.optional_string("minimumCliVersion");
    if (const OJson* artifacts = r.optional_object("artifacts")) {
        for (const auto& [id, aj] : artifacts->items()) {
            auto artifact = read_artifact(id, aj, where);
            if (!artifact) return artifact.error();
            m.artifacts.push_back(std::move(*artifact));
        }
    }
    if (const OJson* missing = r.get("missing"); missing != nullptr && !missing->is_null()) {
        if (!missing->is_array()) {
            r.fail(std::string(where) + ": missing must be a list");
        } else {
            for (const auto& entry : *missing)
                m.missing.push_back(Json(entry));
        }
    }
    if (const OJson* runtime = r.optional_object("runtime")) {
        FieldReader rr(*runtime, std::string(where) + ": runtime", err);
        m.runtime_libraries = rr.string_map("libraries");
    }
    if (err) return *err;
    return m;
}

} // namespace cdk::assembly
