#pragma once

// Reading a manifest out of a JSON value, written once for both views of detail/json_view.hpp: the
// ordered_json of manifest_from_json and the FlatDocument of manifest_from_text check the same things in the
// same order and report the same first error, word for word.

#include "assembly/detail/json_view.hpp"
#include "assembly/manifest.hpp"
#include "core/error.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::assembly::detail {

/// FieldReader (detail/field_reader.hpp) over a view: typed fields out of one JSON object, the first error
/// remembered (with the file and the field's path) instead of thrown; missing optional fields read as empty.
template <typename V> class BasicFieldReader {
public:
    BasicFieldReader(V object, std::string where, std::optional<Error>& error)
        : object_(object), where_(std::move(where)), error_(error) {
        if (!object_.is_object())
            fail(where_ + " must be a JSON object, got " + std::string(object_.type_name()));
    }

    [[nodiscard]] bool has(const char* key) const { return get(key).has_value(); }
    [[nodiscard]] std::optional<V> get(const char* key) const {
        if (!object_.is_object()) return std::nullopt;
        return object_.find(key);
    }
    [[nodiscard]] std::string where(const char* key) const { return where_ + "." + key; }
    void fail(const std::string& message) {
        if (!error_) error_ = make_error("ManifestMalformed", message);
    }

    std::string required_string(const char* key) {
        const auto v = get(key);
        if (!v) {
            fail(where(key) + " is required but missing");
            return {};
        }
        if (!v->is_string()) {
            fail(where(key) + " must be a string, got " + v->dump());
            return {};
        }
        return v->string();
    }

    std::optional<std::string> optional_string(const char* key) {
        const auto v = get(key);
        if (!v || v->is_null()) return std::nullopt;
        if (!v->is_string()) {
            fail(where(key) + " must be a string, got " + v->dump());
            return std::nullopt;
        }
        return v->string();
    }

    std::optional<bool> optional_bool(const char* key) {
        const auto v = get(key);
        if (!v || v->is_null()) return std::nullopt;
        if (!v->is_boolean()) {
            fail(where(key) + " must be true or false, got " + v->dump());
            return std::nullopt;
        }
        return v->boolean();
    }

    std::optional<int> optional_int(const char* key) {
        const auto v = get(key);
        if (!v || v->is_null()) return std::nullopt;
        if (!v->is_number_integer()) {
            fail(where(key) + " must be an integer, got " + v->dump());
            return std::nullopt;
        }
        return v->integer();
    }

    std::vector<std::string> string_list(const char* key) {
        std::vector<std::string> out;
        const auto v = get(key);
        if (!v || v->is_null()) return out;
        if (!v->is_array()) {
            fail(where(key) + " must be a list of strings, got " + v->dump());
            return out;
        }
        bool bad = false;
        v->elements([&](V item) {
            if (bad) return;
            if (!item.is_string()) {
                fail(where(key) + " must be a list of strings, got element " + item.dump());
                bad = true;
                return;
            }
            out.push_back(item.string());
        });
        return out;
    }

    std::map<std::string, std::string> string_map(const char* key) {
        std::map<std::string, std::string> out;
        const auto v = get(key);
        if (!v || v->is_null()) return out;
        if (!v->is_object()) {
            fail(where(key) + " must be an object of strings, got " + v->dump());
            return out;
        }
        bool bad = false;
        v->members([&](std::string_view k, V item) {
            if (bad) return;
            if (!item.is_string()) {
                fail(where(key) + "." + std::string(k) + " must be a string, got " + item.dump());
                bad = true;
                return;
            }
            out.emplace(k, item.string());
        });
        return out;
    }

    /// The object at `key`, or nothing (an error when present but not an object).
    std::optional<V> optional_object(const char* key) {
        const auto v = get(key);
        if (!v || v->is_null()) return std::nullopt;
        if (!v->is_object()) {
            fail(where(key) + " must be an object, got " + v->dump());
            return std::nullopt;
        }
        return v;
    }

private:
    V object_;
    std::string where_;
    std::optional<Error>& error_;
};

/// Stack property keys we model; everything else lands in StackProperties::extra.
inline bool is_stack_key(std::string_view key) {
    static constexpr std::string_view kStackKeys[] = {
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
    for (const auto k : kStackKeys) {
        if (k == key) return true;
    }
    return false;
}

template <typename V> Result<MetadataMap> read_metadata_map(V json, std::string_view where) {
    if (!json.is_object()) {
        return make_error("ManifestMalformed", std::string(where) + " must be an object of construct paths");
    }
    MetadataMap out;
    std::optional<Error> err;
    std::optional<Error> failure;
    json.members([&](std::string_view path, V entries) {
        if (failure) return;
        if (!entries.is_array()) {
            failure = make_error("ManifestMalformed",
                                 std::string(where) + "." + std::string(path) + " must be a list of entries");
            return;
        }
        auto& list = out[std::string(path)];
        entries.elements([&](V entry) {
            if (failure) return;
            BasicFieldReader<V> r(entry, std::string(where) + "." + std::string(path) + "[]", err);
            MetadataEntry e;
            e.type = r.required_string("type");
            if (const auto d = r.get("data")) e.data = d->to_json();
            e.trace = r.string_list("trace");
            if (err) {
                failure = *err;
                return;
            }
            list.push_back(std::move(e));
        });
    });
    if (failure) return *failure;
    return out;
}

template <typename V>
std::optional<BootstrapRole> read_bootstrap_role(BasicFieldReader<V>& parent, const char* key) {
    const auto obj = parent.optional_object(key);
    if (!obj) return std::nullopt;
    std::optional<Error> err;
    BasicFieldReader<V> r(*obj, parent.where(key), err);
    BootstrapRole role;
    role.arn = r.required_string("arn");
    role.assume_role_external_id = r.optional_string("assumeRoleExternalId");
    role.requires_bootstrap_stack_version = r.optional_int("requiresBootstrapStackVersion");
    role.bootstrap_stack_version_ssm_parameter = r.optional_string("bootstrapStackVersionSsmParameter");
    if (err) parent.fail(err->message);
    return role;
}

template <typename V> StackProperties read_stack_properties(BasicFieldReader<V>& r) {
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

template <typename V> Result<ArtifactManifest> read_artifact(std::string id, V json, std::string_view where) {
    std::optional<Error> err;
    const std::string here = std::string(where) + ": artifacts." + id;
    BasicFieldReader<V> r(json, here, err);
    ArtifactManifest a;
    a.id = std::move(id);
    a.type_name = r.required_string("type");
    a.type = artifact_type_from_string(a.type_name);
    a.environment = r.optional_string("environment");
    a.dependencies = r.string_list("dependencies");
    a.additional_metadata_file = r.optional_string("additionalMetadataFile");
    a.display_name = r.optional_string("displayName");
    if (const auto md = r.optional_object("metadata")) {
        auto parsed = read_metadata_map(*md, here + ".metadata");
        if (!parsed) return parsed.error();
        a.metadata = std::move(*parsed);
    }
    if (const auto props = r.optional_object("properties")) {
        BasicFieldReader<V> pr(*props, here + ".properties", err);
        switch (a.type) {
        case ArtifactType::CloudFormationStack: {
            StackProperties sp = read_stack_properties(pr);
            Json extra = Json::object();
            props->members([&](std::string_view k, V v) {
                if (!is_stack_key(k)) extra[std::string(k)] = v.to_json();
            });
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
        default: a.properties = props->to_json(); break;
        }
    } else if (a.type == ArtifactType::CloudFormationStack || a.type == ArtifactType::AssetManifest ||
               a.type == ArtifactType::Tree || a.type == ArtifactType::NestedCloudAssembly) {
        if (!err) r.fail(here + ".properties is required for an artifact of type '" + a.type_name + "'");
    }
    if (err) return *err;
    return a;
}

template <typename V> Result<AssemblyManifest> read_manifest(V json, std::string_view where) {
    std::optional<Error> err;
    BasicFieldReader<V> r(json, std::string(where), err);
    AssemblyManifest m;
    m.version = r.required_string("version");
    if (err) return *err;
    if (auto readable = check_readable_version(m.version, where); !readable) return readable.error();
    m.minimum_cli_version = r.optional_string("minimumCliVersion");
    if (const auto artifacts = r.optional_object("artifacts")) {
        std::optional<Error> failure;
        // Reserved: a vector of ArtifactManifest that grows copies them (their move may throw).
        m.artifacts.reserve(artifacts->count());
        artifacts->members([&](std::string_view id, V aj) {
            if (failure) return;
            auto artifact = read_artifact(std::string(id), aj, where);
            if (!artifact) {
                failure = artifact.error();
                return;
            }
            m.artifacts.push_back(std::move(*artifact));
        });
        if (failure) return *failure;
    }
    if (const auto missing = r.get("missing"); missing && !missing->is_null()) {
        if (!missing->is_array()) {
            r.fail(std::string(where) + ": missing must be a list");
        } else {
            missing->elements([&](V entry) { m.missing.push_back(entry.to_json()); });
        }
    }
    if (const auto runtime = r.optional_object("runtime")) {
        BasicFieldReader<V> rr(*runtime, std::string(where) + ": runtime", err);
        m.runtime_libraries = rr.string_map("libraries");
    }
    if (err) return *err;
    return m;
}

} // namespace cdk::assembly::detail
