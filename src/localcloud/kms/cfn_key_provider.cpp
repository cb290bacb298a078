#include "localcloud/kms/cfn_key_provider.hpp"

#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/kms/kms_errors.hpp"
#include "localcloud/server/cfn_support.hpp"
#include "localcloud/state/ids.hpp"

#include <chrono>

namespace cdk::localcloud::kms {

namespace {

/// CloudFormation's `[{Key, Value}]` as KMS stores tags: `[{TagKey, TagValue}]`.
Json kms_tags(const Json& properties) {
    Json out = Json::array();
    for (const auto& t : cfn::tags(properties))
        out.push_back({{"TagKey", t.value("Key", "")}, {"TagValue", t.value("Value", "")}});
    return out;
}

ResourceResponse key_response(const Json& key) {
    return ResourceResponse{key["KeyId"].get<std::string>(),
                            Json{{"Arn", key["Arn"]}, {"KeyId", key["KeyId"]}}};
}

bool enabled(const Json& p) {
    return !p.contains("Enabled") || p["Enabled"] == true || p["Enabled"] == "true";
}
bool rotation(const Json& p) {
    return p.contains("EnableKeyRotation") &&
           (p["EnableKeyRotation"] == true || p["EnableKeyRotation"] == "true");
}

Result<Json> policy_of(const Json& p, const std::string& account) {
    const std::string text = cfn::document_text(p.value("KeyPolicy", Json()));
    if (text.empty()) return default_key_policy(account);
    auto policy = iam::parse_policy_json(text);
    if (!policy) return malformed_policy("key policy is not valid JSON: " + policy.error().message);
    return policy;
}

Result<ResourceResponse> create_key(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    const std::string account = request.caller.account();
    const std::string policy = cfn::document_text(p.value("KeyPolicy", Json()));
    auto key = cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        const std::string resource = "arn:aws:kms:" + request.region + ":" + account + ":key/*";
        if (auto a = cfn::Authorizer{cloud, tx, request, "AccessDeniedException"}("kms:CreateKey", resource);
            !a) {
            return a.error();
        }
        auto k = cloud.kms->create_key(tx, account, request.region, policy, cfn::str(p, "Description"),
                                       kms_tags(p));
        if (!k) return k.error();
        (*k)["RotationEnabled"] = rotation(p);
        if (!enabled(p)) {
            (*k)["KeyState"] = "Disabled";
            (*k)["Enabled"] = false;
        }
        if (p.contains("KeyUsage")) (*k)["KeyUsage"] = p["KeyUsage"];
        if (p.contains("KeySpec")) (*k)["KeySpec"] = p["KeySpec"];
        if (auto s = cloud.kms->save_key(tx, *k); !s) return s.error();
        return k;
    });
    if (!key) return key.error();
    return key_response(*key);
}

Result<ResourceResponse> update_key(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    const Json& before =
        request.previous_properties.is_object() ? request.previous_properties : cfn::props(request);
    auto key = cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto k = cloud.kms->resolve_key(tx, request.caller.account(), request.region, request.physical_id);
        if (!k) return k.error();
        const iam::Context context = cfn::call_context(request);
        auto allow = [&](const std::string& action) {
            return cloud.kms->authorize(tx, cloud.iam, request.caller, *k, action, context);
        };
        auto policy = policy_of(p, request.caller.account());
        if (!policy) return policy.error();
        if (*policy != (*k)["Policy"]) {
            if (auto a = allow("kms:PutKeyPolicy"); !a) return a.error();
        }
        if (cfn::str(p, "Description") != (*k).value("Description", "")) {
            if (auto a = allow("kms:UpdateKeyDescription"); !a) return a.error();
            (*k)["Description"] = cfn::str(p, "Description");
        }
        if (rotation(p) != (*k).value("RotationEnabled", false)) {
            if (auto a = allow(rotation(p) ? "kms:EnableKeyRotation" : "kms:DisableKeyRotation"); !a)
                return a.error();
            (*k)["RotationEnabled"] = rotation(p);
        }
        if (enabled(p) != enabled(before)) {
            if (auto a = allow(enabled(p) ? "kms:EnableKey" : "kms:DisableKey"); !a) return a.error();
            (*k)["KeyState"] = enabled(p) ? "Enabled" : "Disabled";
            (*k)["Enabled"] = enabled(p);
        }
        if (kms_tags(p) != (*k)["Tags"]) {
            if (auto a = allow("kms:TagResource"); !a) return a.error();
            (*k)["Tags"] = kms_tags(p);
        }
        (*k)["Policy"] = std::move(*policy);
        if (auto s = cloud.kms->save_key(tx, *k); !s) return s.error();
        return k;
    });
    if (!key) return key.error();
    return key_response(*key);
}

Result<void> remove_key(CloudContext& cloud, const ResourceRequest& request) {
    const int days = cfn::props(request).value("PendingWindowInDays", 30);
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto k = cloud.kms->resolve_key(tx, request.caller.account(), request.region, request.physical_id);
        if (!k) return cfn::gone_or_error(k.error());
        if ((*k)["KeyState"] == "PendingDeletion") return true;
        if (auto a = cloud.kms->authorize(tx, cloud.iam, request.caller, *k, "kms:ScheduleKeyDeletion",
                                          cfn::call_context(request));
            !a) {
            return a.error();
        }
        (*k)["KeyState"] = "PendingDeletion";
        (*k)["Enabled"] = false;
        (*k)["DeletionDate"] = epoch_seconds(std::chrono::system_clock::now()) + 86400LL * days;
        if (auto s = cloud.kms->save_key(tx, *k); !s) return s.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

Result<void> authorize_alias(CloudContext& cloud, Tx& tx, const ResourceRequest& request,
                             const std::string& action, const std::string& alias, const Json* key) {
    const std::string account = request.caller.account();
    const std::string alias_arn = "arn:aws:kms:" + request.region + ":" + account + ":" + alias;
    const cfn::Authorizer allow{cloud, tx, request, "AccessDeniedException"};
    if (auto a = allow(action, alias_arn); !a) return a;
    if (key == nullptr) return ok();
    return cloud.kms->authorize(tx, cloud.iam, request.caller, *key, action, allow.context);
}

/// Points `alias` at the template's TargetKeyId: kms:CreateAlias, or on update kms:UpdateAlias (which
/// replaces the alias's target), authorized on the alias and by the key's policy.
Result<ResourceResponse> point_alias(CloudContext& cloud, const ResourceRequest& request,
                                     const std::string& alias, bool update) {
    const Json& p = cfn::props(request);
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto key =
            cloud.kms->resolve_key(tx, request.caller.account(), request.region, cfn::str(p, "TargetKeyId"));
        if (!key) return key.error();
        const char* action = update ? "kms:UpdateAlias" : "kms:CreateAlias";
        if (auto a = authorize_alias(cloud, tx, request, action, alias, &*key); !a) return a.error();
        if (update) {
            auto d = cloud.kms->delete_alias(tx, request.caller.account(), request.region, alias);
            if (!d && !cfn::is_not_found(d.error())) return d.error();
        }
        if (auto c =
                cloud.kms->create_alias(tx, request.caller.account(), request.region, alias, (*key)["KeyId"]);
            !c) {
            return c.error();
        }
        return true;
    });
    if (!done) return done.error();
    return ResourceResponse{alias};
}

Result<ResourceResponse> create_alias(CloudContext& cloud, const ResourceRequest& request) {
    return point_alias(cloud, request, cfn::str(cfn::props(request), "AliasName"), false);
}

Result<ResourceResponse> update_alias(CloudContext& cloud, const ResourceRequest& request) {
    return point_alias(cloud, request, request.physical_id, true);
}

Result<void> remove_alias(CloudContext& cloud, const ResourceRequest& request) {
    const std::string alias = request.physical_id;
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = authorize_alias(cloud, tx, request, "kms:DeleteAlias", alias, nullptr); !a)
            return a.error();
        auto d = cloud.kms->delete_alias(tx, request.caller.account(), request.region, alias);
        if (!d && !cfn::is_not_found(d.error())) return d.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

} // namespace

CfnKeyProvider::CfnKeyProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::KMS::Key", {create_key, update_key, remove_key}) {}

CfnAliasProvider::CfnAliasProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::KMS::Alias", {create_alias, update_alias, remove_alias}) {}

} // namespace cdk::localcloud::kms
