#include "localcloud/secretsmanager/cfn_secret_provider.hpp"

#include "core/json_reader.hpp"
#include "core/parse_int.hpp"
#include "localcloud/secretsmanager/random_password.hpp"
#include "localcloud/secretsmanager/secrets_backend.hpp"
#include "localcloud/secretsmanager/secrets_errors.hpp"
#include "localcloud/server/cfn_support.hpp"

namespace cdk::localcloud::secretsmanager {

namespace {

constexpr auto call_of = &cfn::service_call<SecretsCall>;

/// A boolean property as CloudFormation passes it (true/false or their text).
bool flag(const Json& p, const char* key, bool fallback) {
    if (!p.contains(key)) return fallback;
    const std::string v = cfn::str(p, key);
    return v == "true" || v == "True";
}

/// The value GenerateSecretString asks for: a password, or SecretStringTemplate with the password at
/// GenerateStringKey.
Result<std::string> generate(const Json& g) {
    PasswordOptions o;
    if (g.contains("PasswordLength")) {
        const std::string n = cfn::str(g, "PasswordLength");
        if (n.empty() || n.size() > 5 || n.find_first_not_of("0123456789") != std::string::npos) {
            return invalid_parameter(
                "GenerateSecretString.PasswordLength must be a number between 1 and 4096.");
        }
        o.length = cdk::parse_int<long long>(n).value_or(0);
    }
    o.exclude_characters = cfn::str(g, "ExcludeCharacters");
    o.exclude_numbers = flag(g, "ExcludeNumbers", false);
    o.exclude_punctuation = flag(g, "ExcludePunctuation", false);
    o.exclude_uppercase = flag(g, "ExcludeUppercase", false);
    o.exclude_lowercase = flag(g, "ExcludeLowercase", false);
    o.include_space = flag(g, "IncludeSpace", false);
    o.require_each_included_type = flag(g, "RequireEachIncludedType", true);
    auto password = random_password(o);
    if (!password) return password.error();
    const bool has_template = g.contains("SecretStringTemplate");
    const bool has_key = g.contains("GenerateStringKey");
    if (has_template != has_key) {
        return invalid_parameter(
            "GenerateSecretString: SecretStringTemplate and GenerateStringKey must be specified "
            "together.");
    }
    if (!has_template) return *password;
    auto doc = json::parse(cfn::str(g, "SecretStringTemplate"), json::ParseLimits{64, 65536});
    if (!doc || !doc->is_object()) {
        return invalid_parameter("GenerateSecretString.SecretStringTemplate must be a JSON object.");
    }
    (*doc)[cfn::str(g, "GenerateStringKey")] = *password;
    return doc->dump();
}

/// The secret's value from the properties: SecretString, or generated.
Result<std::string> value_of(const Json& p) {
    if (p.contains("SecretString") && p.contains("GenerateSecretString")) {
        return invalid_parameter("You can't specify both SecretString and GenerateSecretString.");
    }
    if (p.contains("SecretString")) return cfn::str(p, "SecretString");
    return generate(p.value("GenerateSecretString", Json::object()));
}

Json tag_keys(const Json& tags) {
    Json out = Json::array();
    for (const auto& t : tags)
        out.push_back(cfn::str(t, "Key"));
    return out;
}

ResourceResponse secret_response(const std::string& arn) {
    return ResourceResponse{arn, Json{{"Id", arn}}};
}

} // namespace

static Result<ResourceResponse> create_secret(CloudContext& cloud_, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    if (p.contains("ReplicaRegions"))
        return invalid_request("localcloud does not replicate secrets to other regions.");
    std::string name = cfn::name_or_generated(request, "Name", 512);
    auto value = value_of(p);
    if (!value) return value.error();
    Json in{{"Name", name}, {"SecretString", *value}, {"Tags", cfn::tags(p)}};
    if (p.contains("Description")) in["Description"] = cfn::str(p, "Description");
    if (p.contains("KmsKeyId")) in["KmsKeyId"] = cfn::str(p, "KmsKeyId");
    SecretsBackend backend(cloud_);
    auto out =
        cloud_.store.write<Json>([&](Tx& tx) { return backend.create_secret(tx, call_of(request), in); });
    if (!out) return out.error();
    return secret_response((*out)["ARN"]);
}

static Result<ResourceResponse> update_secret(CloudContext& cloud_, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    const Json& old = request.previous_properties;
    const std::string& arn = request.physical_id;
    const auto changed = [&](const char* k) { return p.value(k, Json()) != old.value(k, Json()); };
    SecretsBackend backend(cloud_);
    const SecretsCall call = call_of(request);
    auto done = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        Json update{{"SecretId", arn}};
        if (changed("Description")) update["Description"] = cfn::str(p, "Description");
        if (changed("KmsKeyId"))
            update["KmsKeyId"] =
                p.contains("KmsKeyId") ? cfn::str(p, "KmsKeyId") : "alias/aws/secretsmanager";
        if (changed("SecretString") || changed("GenerateSecretString")) {
            auto value = value_of(p);
            if (!value) return value.error();
            update["SecretString"] = *value;
        }
        if (update.size() > 1) {
            if (auto u = backend.update_secret(tx, call, update); !u) return u.error();
        }
        if (changed("Tags")) {
            const Json old_tags = cfn::tags(old);
            if (!old_tags.empty()) {
                auto u = backend.untag_resource(tx, call,
                                                Json{{"SecretId", arn}, {"TagKeys", tag_keys(old_tags)}});
                if (!u) return u.error();
            }
            const Json new_tags = cfn::tags(p);
            if (!new_tags.empty()) {
                if (auto t = backend.tag_resource(tx, call, Json{{"SecretId", arn}, {"Tags", new_tags}}); !t)
                    return t.error();
            }
        }
        return true;
    });
    if (!done) return done.error();
    return secret_response(arn);
}

static Result<void> remove_secret(CloudContext& cloud_, const ResourceRequest& request) {
    SecretsBackend backend(cloud_);
    auto done = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto r = backend.delete_secret(
            tx, call_of(request),
            Json{{"SecretId", request.physical_id}, {"ForceDeleteWithoutRecovery", true}});
        if (!r && !cfn::is_not_found(r.error())) return r.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

static Result<ResourceResponse> create_resource_policy(CloudContext& cloud_, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    Json in{{"SecretId", cfn::str(p, "SecretId")},
            {"ResourcePolicy", cfn::document_text(p.value("ResourcePolicy", Json()))},
            {"BlockPublicPolicy", flag(p, "BlockPublicPolicy", false)}};
    SecretsBackend backend(cloud_);
    auto out = cloud_.store.write<Json>(
        [&](Tx& tx) { return backend.put_resource_policy(tx, call_of(request), in); });
    if (!out) return out.error();
    return secret_response((*out)["ARN"].get<std::string>());
}

/// An update puts the new policy, as a create does.
static Result<ResourceResponse> update_resource_policy(CloudContext& cloud_, const ResourceRequest& request) {
    return create_resource_policy(cloud_, request);
}

static Result<void> remove_resource_policy(CloudContext& cloud_, const ResourceRequest& request) {
    SecretsBackend backend(cloud_);
    auto done = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto r =
            backend.delete_resource_policy(tx, call_of(request), Json{{"SecretId", request.physical_id}});
        if (!r && !cfn::is_not_found(r.error()) && r.error().code != "InvalidRequestException")
            return r.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

CfnSecretProvider::CfnSecretProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::SecretsManager::Secret", {create_secret, update_secret, remove_secret}) {}

CfnResourcePolicyProvider::CfnResourcePolicyProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::SecretsManager::ResourcePolicy",
               {create_resource_policy, update_resource_policy, remove_resource_policy}) {}

} // namespace cdk::localcloud::secretsmanager
