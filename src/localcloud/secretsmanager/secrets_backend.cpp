#include "localcloud/secretsmanager/secrets_backend.hpp"

#include "core/parse_int.hpp"
#include "core/random.hpp"
#include "core/strings.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/secretsmanager/secret_versions.hpp"
#include "localcloud/secretsmanager/secrets_errors.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>
#include <regex>

namespace cdk::localcloud::secretsmanager {

namespace {

constexpr const char* kKind = "secretsmanager:secret";
constexpr const char* kManagedKeyAlias = "alias/aws/secretsmanager";
constexpr std::size_t kMaxValueBytes = 65536;
constexpr long long kDaySeconds = 86400;

std::string service_principal(const std::string& region) {
    return "secretsmanager." + region + ".amazonaws.com";
}

std::string iso(long long epoch) {
    return iso8601(std::chrono::system_clock::from_time_t(static_cast<std::time_t>(epoch)));
}

/// `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random alphanumerics>`.
std::string new_arn(const Scope& scope, const std::string& name) {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string suffix;
    while (suffix.size() < 6) {
        const auto b = static_cast<unsigned char>(random_bytes(1)[0]);
        if (b < 248) suffix += kAlphabet[b % 62];
    }
    return "arn:aws:secretsmanager:" + scope.region + ":" + scope.account + ":secret:" + name + "-" + suffix;
}

/// Where a secret id points: the scope and the candidate names, with the full ARN when one was given.
struct SecretRef {
    Scope scope;
    std::vector<std::string> names;
    std::string arn; ///< the full ARN given, or empty
};

SecretRef parse_ref(const SecretsCall& call, const std::string& id) {
    SecretRef ref{Scope{call.caller.account(), call.region}, {id}, {}};
    const auto parts = strings::split(id, ":");
    if (parts.size() != 7 || parts[0] != "arn" || parts[2] != "secretsmanager" || parts[5] != "secret")
        return ref;
    ref.scope = Scope{parts[4], parts[3]};
    const std::string& rest = parts[6];
    ref.names = {rest}; // a partial ARN names the secret itself
    if (rest.size() > 7 && rest[rest.size() - 7] == '-') {
        ref.names.push_back(rest.substr(0, rest.size() - 7));
        ref.arn = id;
    }
    return ref;
}

Result<void> check_name(const std::string& name) {
    static const std::regex kName(R"([A-Za-z0-9/_+=.@-]{1,512})");
    if (!std::regex_match(name, kName)) {
        return invalid_parameter("Invalid name. Must be a valid name containing alphanumeric characters, or "
                                 "any of the following: -/_+=.@!");
    }
    return ok();
}

Result<void> check_token(const Json& in) {
    if (!in.contains("ClientRequestToken")) return ok();
    const std::string t = in["ClientRequestToken"];
    if (t.size() < 32 || t.size() > 64) {
        return invalid_parameter("ClientRequestToken must be 32-64 characters long.");
    }
    return ok();
}

Result<Json> check_tags(const Json& in, const char* member) {
    const Json tags = in.contains(member) && in[member].is_array() ? in[member] : Json::array();
    for (const auto& t : tags) {
        if (!t.is_object() || !t.contains("Key") || !t["Key"].is_string() ||
            t["Key"].get<std::string>().empty()) {
            return invalid_parameter("Invalid tag key.");
        }
    }
    return tags;
}

/// The secret as DescribeSecret / ListSecrets show it (`stages_member` names the version map).
Json describe_view(const Json& s, const char* stages_member) {
    Json out{{"ARN", s["ARN"]},
             {"Name", s["Name"]},
             {"RotationEnabled", false},
             {"CreatedDate", iso(s["CreatedDate"])},
             {"LastChangedDate", iso(s["LastChangedDate"])},
             {stages_member, versions_to_stages(s)}};
    if (s.contains("Description")) out["Description"] = s["Description"];
    if (s.contains("KmsKeyId")) out["KmsKeyId"] = s["KmsKeyId"];
    if (!s.value("Tags", Json::array()).empty()) out["Tags"] = s["Tags"];
    if (s.contains("DeletedDate")) out["DeletedDate"] = iso(s["DeletedDate"]);
    return out;
}

bool deletion_passed(const Json& secret, long long now) {
    return secret.contains("DeletionDate") && secret["DeletionDate"].get<long long>() <= now;
}

Result<std::size_t> offset_token(const Json& in) {
    const std::string token = in.value("NextToken", "");
    if (token.empty()) return std::size_t{0};
    if (token.size() < 3 || token.size() > 12 || !strings::starts_with(token, "o/") ||
        token.find_first_not_of("0123456789", 2) != std::string::npos) {
        return invalid_parameter("Invalid NextToken value.");
    }
    return cdk::parse_int<std::size_t>(std::string_view(token).substr(2)).value_or(0);
}

Result<std::size_t> max_results(const Json& in) {
    const long long n = in.value("MaxResults", 100LL);
    if (n < 1 || n > 100) return invalid_parameter("MaxResults must be between 1 and 100.");
    return static_cast<std::size_t>(n);
}

/// Whether a ListSecrets filter matches (values OR-ed; a value starting with `!` negates).
bool filter_matches(const Json& secret, const std::string& key, const Json& values) {
    const auto prefix_of = [](const std::string& text, const std::string& value, bool fold) {
        return fold ? strings::starts_with(strings::to_lower(text), strings::to_lower(value))
                    : strings::starts_with(text, value);
    };
    for (const auto& v : values) {
        std::string value = v.is_string() ? v.get<std::string>() : "";
        const bool negate = strings::starts_with(value, "!");
        if (negate) value = value.substr(1);
        bool hit = false;
        const std::string name = secret["Name"];
        const std::string description = secret.value("Description", "");
        const Json tags = secret.value("Tags", Json::array());
        if (key == "name") hit = prefix_of(name, value, true);
        if (key == "description") hit = prefix_of(description, value, true);
        for (const auto& t : tags) {
            if (key == "tag-key") hit = hit || prefix_of(t.value("Key", ""), value, false);
            if (key == "tag-value") hit = hit || prefix_of(t.value("Value", ""), value, false);
        }
        if (key == "all") {
            const std::string needle = strings::to_lower(value);
            std::string hay = strings::to_lower(name + " " + description);
            for (const auto& t : tags)
                hay += " " + strings::to_lower(t.value("Key", "") + " " + t.value("Value", ""));
            hit = hay.find(needle) != std::string::npos;
        }
        if (hit != negate) return true;
    }
    return false;
}

} // namespace

Result<void> SecretsBackend::authorize(Tx& tx, const SecretsCall& call, const std::string& action,
                                       const std::string& arn, const std::string& owner, const Json* secret) {
    iam::Context context = call.context;
    std::optional<Json> policy;
    if (secret != nullptr) {
        for (const auto& t : secret->value("Tags", Json::array())) {
            const std::string k = t.value("Key", "");
            context[iam::context_key("secretsmanager:ResourceTag/" + k)] = {t.value("Value", "")};
            context[iam::context_key("aws:ResourceTag/" + k)] = {t.value("Value", "")};
        }
        if (secret->contains("ResourcePolicy")) policy = (*secret)["ResourcePolicy"];
    }
    return cloud_.iam.authorize(tx, call.caller, action, arn, owner, policy,
                                iam::ResourcePolicyMode::Optional, context, "AccessDeniedException");
}

Result<SecretsBackend::Found> SecretsBackend::find(Tx& tx, const SecretsCall& call, const std::string& id,
                                                   const std::string& action, bool allow_deleted) {
    if (id.empty() || id.size() > 2048) return invalid_parameter("Invalid SecretId.");
    const SecretRef ref = parse_ref(call, id);
    std::optional<Json> secret;
    for (const auto& name : ref.names) {
        auto s = tx.get(ref.scope, kKind, name);
        if (!s) return s.error();
        if (*s && (ref.arn.empty() || (**s)["ARN"] == ref.arn || name == ref.names.front())) {
            secret = std::move(**s);
            break;
        }
    }
    const long long now = epoch_seconds(call.now);
    if (!secret || deletion_passed(*secret, now)) {
        // Not found is only said to whom may act on the name (otherwise AccessDenied, as on AWS).
        const std::string arn = "arn:aws:secretsmanager:" + ref.scope.region + ":" + ref.scope.account +
                                ":secret:" + ref.names.back();
        if (auto a = authorize(tx, call, action, arn, ref.scope.account, nullptr); !a) return a.error();
        return not_found();
    }
    if (auto a = authorize(tx, call, action, (*secret)["ARN"], ref.scope.account, &*secret); !a)
        return a.error();
    if (secret->contains("DeletedDate") && !allow_deleted) return marked_for_deletion();
    return Found{ref.scope, std::move(*secret)};
}

Result<void> SecretsBackend::set_key(Tx& tx, Found& found, const std::string& key) {
    // The AWS managed key is the default: DescribeSecret does not show it, as on AWS.
    if (key.empty() || key == kManagedKeyAlias) {
        found.secret.erase("KmsKeyId");
        return ok();
    }
    if (auto k = cloud_.kms->resolve_key(tx, found.scope.account, found.scope.region, key); !k)
        return k.error();
    found.secret["KmsKeyId"] = key;
    return ok();
}

Result<Json> SecretsBackend::save(Tx& tx, const Found& found) {
    if (auto p = tx.put(found.scope, kKind, found.secret["Name"].get<std::string>(), found.secret); !p)
        return p.error();
    return found.secret;
}

Result<std::string> SecretsBackend::add_version(Tx& tx, const SecretsCall& call, Found& found, const Json& in,
                                                Json stages) {
    const bool has_string = in.contains("SecretString");
    const bool has_binary = in.contains("SecretBinary");
    if (has_string && has_binary) {
        return invalid_parameter(
            "You can't specify both a binary secret value and a string secret value in the same secret.");
    }
    if (!has_string && !has_binary)
        return invalid_parameter("You must provide either SecretString or SecretBinary.");
    const std::string value = in[has_string ? "SecretString" : "SecretBinary"];
    if (value.size() > kMaxValueBytes) {
        return invalid_parameter("The secret value exceeds the maximum size of 65536 bytes.");
    }
    if (auto t = check_token(in); !t) return t.error();
    if (!stages.is_array() || stages.empty()) stages = Json::array({kCurrent});
    for (const auto& s : stages) {
        if (!s.is_string() || s.get<std::string>().empty() || s.get<std::string>().size() > 256) {
            return invalid_parameter("Invalid VersionStages value.");
        }
    }
    Json& secret = found.secret;
    const std::string id = in.value("ClientRequestToken", random_uuid());
    if (secret["Versions"].contains(id)) {
        auto existing = reveal(tx, call, found, id);
        if (!existing) return existing.error();
        if (existing->value(has_string ? "SecretString" : "SecretBinary", std::string{}) != value ||
            existing->contains(has_string ? "SecretBinary" : "SecretString")) {
            return exists("You can't modify an existing version, you can only create new versions.");
        }
        return id; // the same request again: nothing changes
    }
    std::string key_ref = secret.value("KmsKeyId", "");
    if (key_ref.empty()) {
        auto managed =
            cloud_.kms->ensure_aws_managed_key(tx, found.scope.account, found.scope.region, "secretsmanager");
        if (!managed) return managed.error();
        key_ref = *managed;
    }
    // The key named in the owner's account (a caller from another account reaches it by ARN).
    auto key = cloud_.kms->resolve_key(tx, found.scope.account, found.scope.region, key_ref);
    if (!key) return key.error();
    const std::string key_arn = (*key)["Arn"];
    auto blob = cloud_.kms->encrypt(tx, cloud_.iam, call.caller, found.scope.region, key_arn, value,
                                    Json{{"SecretARN", secret["ARN"]}, {"SecretVersionId", id}}, call.context,
                                    service_principal(found.scope.region), "kms:GenerateDataKey");
    if (!blob) return blob.error();
    const long long now = epoch_seconds(call.now);
    secret["Versions"][id] = Json{{"Ciphertext", base64_encode(*blob)},
                                  {"Binary", has_binary},
                                  {"Stages", Json::array()},
                                  {"CreatedDate", now},
                                  {"KeyArn", key_arn}};
    secret["VersionOrder"].push_back(id);
    for (const auto& s : stages)
        attach_stage(secret, id, s.get<std::string>());
    secret["LastChangedDate"] = now;
    prune(secret);
    return id;
}

Result<Json> SecretsBackend::reveal(Tx& tx, const SecretsCall& call, const Found& found,
                                    const std::string& version_id) {
    const Json& secret = found.secret;
    const Json& v = secret["Versions"][version_id];
    auto blob = base64_decode(v["Ciphertext"].get<std::string>());
    if (!blob) return blob.error();
    auto plain = cloud_.kms->decrypt(tx, cloud_.iam, call.caller, *blob,
                                     Json{{"SecretARN", secret["ARN"]}, {"SecretVersionId", version_id}},
                                     call.context, service_principal(found.scope.region));
    if (!plain) return plain.error();
    Json out{{"ARN", secret["ARN"]},
             {"Name", secret["Name"]},
             {"VersionId", version_id},
             {"VersionStages", v["Stages"]},
             {"CreatedDate", iso(v["CreatedDate"])}};
    out[v.value("Binary", false) ? "SecretBinary" : "SecretString"] = plain->plaintext;
    return out;
}

// ---- secrets ----

Result<Json> SecretsBackend::create_secret(Tx& tx, const SecretsCall& call, const Json& in) {
    const std::string name = in.value("Name", "");
    if (auto c = check_name(name); !c) return c.error();
    if (auto t = check_token(in); !t) return t.error();
    auto tags = check_tags(in, "Tags");
    if (!tags) return tags.error();
    if (in.contains("AddReplicaRegions")) {
        return invalid_request("localcloud does not replicate secrets to other regions.");
    }
    const Scope scope{call.caller.account(), call.region};
    const std::string arn = new_arn(scope, name);
    if (auto a = authorize(tx, call, "secretsmanager:CreateSecret", arn, scope.account, nullptr); !a)
        return a.error();
    if (!tags->empty()) {
        if (auto a = authorize(tx, call, "secretsmanager:TagResource", arn, scope.account, nullptr); !a)
            return a.error();
    }
    auto existing = tx.get(scope, kKind, name);
    if (!existing) return existing.error();
    const long long now = epoch_seconds(call.now);
    if (*existing && !deletion_passed(**existing, now)) {
        const Json& e = **existing;
        if (e.contains("DeletedDate")) {
            return invalid_request(
                "You can't create this secret because a secret with this name is already scheduled "
                "for deletion.");
        }
        // A retried request (same token, same value) is answered as the first one was.
        const std::string token = in.value("ClientRequestToken", "");
        if (!token.empty() && e["Versions"].contains(token)) {
            Found found{scope, e};
            auto id = add_version(tx, call, found, in, Json::array({kCurrent}));
            if (!id) return id.error();
            return Json{{"ARN", e["ARN"]}, {"Name", name}, {"VersionId", *id}};
        }
        return exists("The operation failed because the secret " + name + " already exists.");
    }
    Found found{scope, Json{{"Name", name},
                            {"ARN", arn},
                            {"Tags", *tags},
                            {"CreatedDate", now},
                            {"LastChangedDate", now},
                            {"Versions", Json::object()},
                            {"VersionOrder", Json::array()}}};
    if (in.contains("Description")) found.secret["Description"] = in["Description"];
    if (in.contains("KmsKeyId")) {
        if (auto k = set_key(tx, found, in["KmsKeyId"]); !k) return k.error();
    }
    Json out{{"ARN", arn}, {"Name", name}};
    if (in.contains("SecretString") || in.contains("SecretBinary")) {
        auto id = add_version(tx, call, found, in, Json::array({kCurrent}));
        if (!id) return id.error();
        out["VersionId"] = *id;
    }
    if (auto s = save(tx, found); !s) return s.error();
    return out;
}

Result<Json> SecretsBackend::get_secret_value(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:GetSecretValue");
    if (!found) return found.error();
    const std::string version_id = in.value("VersionId", "");
    const std::string stage = in.value("VersionStage", "");
    std::string id = version_id;
    if (!version_id.empty()) {
        if (!found->secret["Versions"].contains(version_id)) {
            return not_found("Secrets Manager can't find the specified secret value for VersionId: " +
                             version_id);
        }
        if (!stage.empty() && !has_stage(found->secret["Versions"][version_id], stage)) {
            return invalid_parameter(
                "You provided a VersionStage that is not associated to the provided VersionId.");
        }
    } else {
        const std::string wanted = stage.empty() ? kCurrent : stage;
        id = version_with(found->secret, wanted);
        if (id.empty())
            return not_found("Secrets Manager can't find the specified secret value for staging label: " +
                             wanted);
    }
    return reveal(tx, call, *found, id);
}

Result<Json> SecretsBackend::put_secret_value(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:PutSecretValue");
    if (!found) return found.error();
    auto id = add_version(tx, call, *found, in, in.value("VersionStages", Json::array()));
    if (!id) return id.error();
    if (auto s = save(tx, *found); !s) return s.error();
    return Json{{"ARN", found->secret["ARN"]},
                {"Name", found->secret["Name"]},
                {"VersionId", *id},
                {"VersionStages", found->secret["Versions"][*id]["Stages"]}};
}

Result<Json> SecretsBackend::update_secret(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:UpdateSecret");
    if (!found) return found.error();
    Json& secret = found->secret;
    if (in.contains("Description")) secret["Description"] = in["Description"];
    if (in.contains("KmsKeyId")) {
        // New versions use the new key; existing versions stay encrypted with theirs, as on AWS.
        if (auto k = set_key(tx, *found, in["KmsKeyId"]); !k) return k.error();
    }
    Json out{{"ARN", secret["ARN"]}, {"Name", secret["Name"]}};
    if (in.contains("SecretString") || in.contains("SecretBinary")) {
        auto id = add_version(tx, call, *found, in, Json::array({kCurrent}));
        if (!id) return id.error();
        out["VersionId"] = *id;
    }
    secret["LastChangedDate"] = epoch_seconds(call.now);
    if (auto s = save(tx, *found); !s) return s.error();
    return out;
}

Result<Json> SecretsBackend::describe_secret(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:DescribeSecret", true);
    if (!found) return found.error();
    return describe_view(found->secret, "VersionIdsToStages");
}

Result<Json> SecretsBackend::list_secrets(Tx& tx, const SecretsCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    if (auto a = authorize(tx, call, "secretsmanager:ListSecrets", "*", scope.account, nullptr); !a)
        return a.error();
    auto limit = max_results(in);
    if (!limit) return limit.error();
    auto offset = offset_token(in);
    if (!offset) return offset.error();
    const Json filters = in.contains("Filters") && in["Filters"].is_array() ? in["Filters"] : Json::array();
    for (const auto& f : filters) {
        static const std::vector<std::string> kKeys = {
            "description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"};
        if (std::find(kKeys.begin(), kKeys.end(), f.value("Key", "")) == kKeys.end()) {
            return invalid_parameter("Invalid filter key: " + f.value("Key", ""));
        }
    }
    const bool planned = in.value("IncludePlannedDeletion", false);
    const long long now = epoch_seconds(call.now);
    auto all = tx.list(scope, kKind);
    if (!all) return all.error();
    std::vector<Json> secrets;
    for (auto& entry : *all) {
        Json& s = entry.second;
        if (deletion_passed(s, now) || (s.contains("DeletedDate") && !planned)) continue;
        const bool keep = std::all_of(filters.begin(), filters.end(), [&](const Json& f) {
            return filter_matches(s, f.value("Key", ""), f.value("Values", Json::array()));
        });
        if (keep) secrets.push_back(std::move(s));
    }
    const std::string sort_by = in.value("SortBy", "created-date");
    const auto field = sort_by == "name"                ? "Name"
                       : sort_by == "last-changed-date" ? "LastChangedDate"
                                                        : "CreatedDate";
    std::stable_sort(secrets.begin(), secrets.end(),
                     [&](const Json& a, const Json& b) { return a[field] < b[field]; });
    if (in.value("SortOrder", "desc") == "desc") std::reverse(secrets.begin(), secrets.end());
    Json out{{"SecretList", Json::array()}};
    for (std::size_t i = *offset; i < secrets.size() && i < *offset + *limit; ++i) {
        out["SecretList"].push_back(describe_view(secrets[i], "SecretVersionsToStages"));
    }
    if (*offset + *limit < secrets.size()) out["NextToken"] = "o/" + std::to_string(*offset + *limit);
    return out;
}

Result<Json> SecretsBackend::list_secret_version_ids(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:ListSecretVersionIds");
    if (!found) return found.error();
    auto limit = max_results(in);
    if (!limit) return limit.error();
    auto offset = offset_token(in);
    if (!offset) return offset.error();
    const bool deprecated = in.value("IncludeDeprecated", false);
    std::vector<Json> versions;
    for (const auto& id : version_order(found->secret)) {
        const Json& v = found->secret["Versions"][id];
        if (v["Stages"].empty() && !deprecated) continue;
        versions.push_back(Json{{"VersionId", id},
                                {"VersionStages", v["Stages"]},
                                {"CreatedDate", iso(v["CreatedDate"])},
                                {"KmsKeyIds", Json::array({v["KeyArn"]})}});
    }
    Json out{{"ARN", found->secret["ARN"]}, {"Name", found->secret["Name"]}, {"Versions", Json::array()}};
    for (std::size_t i = *offset; i < versions.size() && i < *offset + *limit; ++i)
        out["Versions"].push_back(versions[i]);
    if (*offset + *limit < versions.size()) out["NextToken"] = "o/" + std::to_string(*offset + *limit);
    return out;
}

Result<Json> SecretsBackend::update_secret_version_stage(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:UpdateSecretVersionStage");
    if (!found) return found.error();
    Json& secret = found->secret;
    const std::string stage = in.value("VersionStage", "");
    if (stage.empty() || stage.size() > 256) return invalid_parameter("Invalid VersionStage value.");
    const std::string move_to = in.value("MoveToVersionId", "");
    const std::string remove_from = in.value("RemoveFromVersionId", "");
    const std::string holder = version_with(secret, stage);
    for (const auto& id : {move_to, remove_from}) {
        if (!id.empty() && !secret["Versions"].contains(id)) {
            return invalid_parameter("Secrets Manager can't find the specified secret version: " + id);
        }
    }
    if (!remove_from.empty() && holder != remove_from) {
        return invalid_parameter("The staging label " + stage + " is not attached to version " + remove_from +
                                 ".");
    }
    if (!move_to.empty() && !holder.empty() && holder != move_to && remove_from.empty()) {
        return invalid_parameter("The staging label " + stage + " is currently attached to version " +
                                 holder + ". You must specify RemoveFromVersionId to move it to version " +
                                 move_to + ".");
    }
    if (move_to.empty()) {
        if (stage == kCurrent)
            return invalid_parameter("You can't remove the staging label AWSCURRENT from a version.");
        remove_stage(secret, stage);
    } else {
        attach_stage(secret, move_to, stage);
    }
    secret["LastChangedDate"] = epoch_seconds(call.now);
    if (auto s = save(tx, *found); !s) return s.error();
    return Json{{"ARN", secret["ARN"]}, {"Name", secret["Name"]}};
}

Result<Json> SecretsBackend::delete_secret(Tx& tx, const SecretsCall& call, const Json& in) {
    const bool force = in.value("ForceDeleteWithoutRecovery", false);
    if (force && in.contains("RecoveryWindowInDays")) {
        return invalid_parameter(
            "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }
    const long long days = in.value("RecoveryWindowInDays", 30LL);
    if (days < 7 || days > 30) {
        return invalid_parameter("RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    }
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:DeleteSecret", true);
    if (!found) return found.error();
    Json& secret = found->secret;
    const long long now = epoch_seconds(call.now);
    if (secret.contains("DeletedDate") && !force) {
        return invalid_request(
            "You can't perform this operation on the secret because it was already scheduled for "
            "deletion.");
    }
    Json out{{"ARN", secret["ARN"]}, {"Name", secret["Name"]}};
    if (force) {
        if (auto e = tx.erase(found->scope, kKind, secret["Name"].get<std::string>()); !e) return e.error();
        out["DeletionDate"] = iso(now);
        return out;
    }
    secret["DeletedDate"] = now;
    secret["DeletionDate"] = now + days * kDaySeconds;
    if (auto s = save(tx, *found); !s) return s.error();
    out["DeletionDate"] = iso(secret["DeletionDate"]);
    return out;
}

Result<Json> SecretsBackend::restore_secret(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:RestoreSecret", true);
    if (!found) return found.error();
    found->secret.erase("DeletedDate");
    found->secret.erase("DeletionDate");
    if (auto s = save(tx, *found); !s) return s.error();
    return Json{{"ARN", found->secret["ARN"]}, {"Name", found->secret["Name"]}};
}

// ---- tags ----

Result<Json> SecretsBackend::tag_resource(Tx& tx, const SecretsCall& call, const Json& in) {
    auto tags = check_tags(in, "Tags");
    if (!tags) return tags.error();
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:TagResource");
    if (!found) return found.error();
    Json& current = found->secret["Tags"];
    for (const auto& t : *tags) {
        const auto it =
            std::find_if(current.begin(), current.end(), [&](const Json& c) { return c["Key"] == t["Key"]; });
        if (it != current.end())
            (*it)["Value"] = t.value("Value", "");
        else
            current.push_back(Json{{"Key", t["Key"]}, {"Value", t.value("Value", "")}});
    }
    if (current.size() > 50) return invalid_parameter("A secret can have at most 50 tags.");
    if (auto s = save(tx, *found); !s) return s.error();
    return Json::object();
}

Result<Json> SecretsBackend::untag_resource(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:UntagResource");
    if (!found) return found.error();
    const Json keys = in.contains("TagKeys") && in["TagKeys"].is_array() ? in["TagKeys"] : Json::array();
    Json kept = Json::array();
    for (const auto& t : found->secret["Tags"]) {
        if (std::find(keys.begin(), keys.end(), t["Key"]) == keys.end()) kept.push_back(t);
    }
    found->secret["Tags"] = kept;
    if (auto s = save(tx, *found); !s) return s.error();
    return Json::object();
}

} // namespace cdk::localcloud::secretsmanager