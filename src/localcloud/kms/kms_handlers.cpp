#include "core/strings.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/kms/cfn_key_provider.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/kms/kms_errors.hpp"
#include "localcloud/kms/kms_routes.hpp"
#include "localcloud/protocol/model_service.hpp"
#include "localcloud/state/ids.hpp"

namespace cdk::localcloud::kms {

namespace {

Json key_metadata(const Json& key) {
    return Json{{"KeyId", key["KeyId"]},
                {"Arn", key["Arn"]},
                {"AWSAccountId", key["AWSAccountId"]},
                {"Description", key.value("Description", "")},
                {"KeyState", key["KeyState"]},
                {"Enabled", key.value("Enabled", true)},
                {"KeyUsage", key["KeyUsage"]},
                {"KeySpec", key["KeySpec"]},
                {"CustomerMasterKeySpec", key["KeySpec"]},
                {"EncryptionAlgorithms", Json::array({"SYMMETRIC_DEFAULT"})},
                {"KeyManager", key["KeyManager"]},
                {"Origin", key["Origin"]},
                {"MultiRegion", false},
                {"CreationDate", key["CreationDate"]}};
}

/// KMS over JSON 1.1 (`X-Amz-Target: TrentService.<Operation>`), decoded, validated and encoded by the
/// KMS model (blobs arrive and leave as raw bytes). Every operation on a key is authorized against the
/// key's policy.
class KmsService final : public ModelService {
public:
    explicit KmsService(CloudContext& cloud) : ModelService("kms"), cloud_(cloud), kms_(*cloud.kms) {}

protected:
    Result<Json> call(RequestContext& ctx, const std::string& op, const Json& in) override {
        const bool reads = strings::starts_with(op, "Describe") || strings::starts_with(op, "List") ||
                           strings::starts_with(op, "Get") || op == "Decrypt";
        auto run = [&](Tx& tx) { return dispatch(tx, ctx, op, in); };
        return reads ? cloud_.store.read<Json>(run) : cloud_.store.write<Json>(run);
    }

private:
    Result<Json> keyed(Tx& tx, RequestContext& ctx, const Json& in, const std::string& action) {
        auto key = kms_.resolve_key(tx, ctx.caller.account(), ctx.region, in.value("KeyId", ""));
        if (!key) return key.error();
        if (auto a = kms_.authorize(tx, cloud_.iam, ctx.caller, *key, action, ctx.condition_context); !a) {
            return a.error();
        }
        return key;
    }

    Result<Json> dispatch(Tx& tx, RequestContext& ctx, const std::string& op, const Json& in) {
        const std::string& account = ctx.caller.account();
        if (op == "CreateKey") {
            const std::string resource = "arn:aws:kms:" + ctx.region + ":" + account + ":key/*";
            if (auto a = cloud_.iam.authorize(tx, ctx.caller, "kms:CreateKey", resource, account,
                                              std::nullopt, iam::ResourcePolicyMode::None,
                                              ctx.condition_context, "AccessDeniedException");
                !a) {
                return a.error();
            }
            auto key = kms_.create_key(tx, account, ctx.region, in.value("Policy", ""),
                                       in.value("Description", ""), in.value("Tags", Json::array()));
            if (!key) return key.error();
            return Json{{"KeyMetadata", key_metadata(*key)}};
        }
        if (op == "DescribeKey") {
            auto key = keyed(tx, ctx, in, "kms:DescribeKey");
            if (!key) return key.error();
            return Json{{"KeyMetadata", key_metadata(*key)}};
        }
        if (op == "GetKeyPolicy") {
            auto key = keyed(tx, ctx, in, "kms:GetKeyPolicy");
            if (!key) return key.error();
            return Json{{"Policy", (*key)["Policy"].dump()}, {"PolicyName", "default"}};
        }
        if (op == "PutKeyPolicy") {
            auto key = keyed(tx, ctx, in, "kms:PutKeyPolicy");
            if (!key) return key.error();
            auto policy = iam::parse_policy_json(in.value("Policy", ""));
            if (!policy)
                return malformed_policy("The new key policy is not valid JSON: " + policy.error().message);
            (*key)["Policy"] = std::move(*policy);
            if (auto r = kms_.save_key(tx, *key); !r) return r.error();
            return Json::object();
        }
        if (op == "EnableKeyRotation" || op == "DisableKeyRotation" || op == "EnableKey" ||
            op == "DisableKey" || op == "ScheduleKeyDeletion" || op == "CancelKeyDeletion" ||
            op == "TagResource") {
            auto key = keyed(tx, ctx, in, "kms:" + op);
            if (!key) return key.error();
            Json out = Json::object();
            if (op == "EnableKeyRotation") (*key)["RotationEnabled"] = true;
            if (op == "DisableKeyRotation") (*key)["RotationEnabled"] = false;
            if (op == "EnableKey" || op == "CancelKeyDeletion") (*key)["KeyState"] = "Enabled";
            if (op == "DisableKey") (*key)["KeyState"] = "Disabled";
            if (op == "ScheduleKeyDeletion") {
                const int days = in.value("PendingWindowInDays", 30);
                (*key)["KeyState"] = "PendingDeletion";
                out = Json{{"KeyId", (*key)["Arn"]},
                           {"KeyState", "PendingDeletion"},
                           {"DeletionDate", epoch_seconds(ctx.now) + 86400LL * days},
                           {"PendingWindowInDays", days}};
            }
            if (op == "TagResource") {
                for (const auto& t : in.value("Tags", Json::array()))
                    (*key)["Tags"].push_back(t);
            }
            if (auto r = kms_.save_key(tx, *key); !r) return r.error();
            return out;
        }
        if (op == "GetKeyRotationStatus") {
            auto key = keyed(tx, ctx, in, "kms:GetKeyRotationStatus");
            if (!key) return key.error();
            return Json{{"KeyRotationEnabled", (*key).value("RotationEnabled", false)}};
        }
        if (op == "ListResourceTags") {
            auto key = keyed(tx, ctx, in, "kms:ListResourceTags");
            if (!key) return key.error();
            return Json{{"Tags", (*key)["Tags"]}, {"Truncated", false}};
        }
        if (op == "ListKeys") {
            auto keys = kms_.list_keys(tx, account, ctx.region);
            if (!keys) return keys.error();
            Json list = Json::array();
            for (const auto& k : *keys)
                list.push_back({{"KeyId", k["KeyId"]}, {"KeyArn", k["Arn"]}});
            return Json{{"Keys", list}, {"Truncated", false}};
        }
        if (op == "CreateAlias") {
            auto key = keyed(tx, ctx, Json{{"KeyId", in.value("TargetKeyId", "")}}, "kms:CreateAlias");
            if (!key) return key.error();
            if (auto r =
                    kms_.create_alias(tx, account, ctx.region, in.value("AliasName", ""), (*key)["KeyId"]);
                !r) {
                return r.error();
            }
            return Json::object();
        }
        if (op == "DeleteAlias") {
            if (auto r = kms_.delete_alias(tx, account, ctx.region, in.value("AliasName", "")); !r)
                return r.error();
            return Json::object();
        }
        if (op == "ListAliases") {
            auto aliases = kms_.list_aliases(tx, account, ctx.region);
            if (!aliases) return aliases.error();
            Json list = Json::array();
            for (const auto& a : *aliases)
                list.push_back(a);
            return Json{{"Aliases", list}, {"Truncated", false}};
        }
        const Json context = in.value("EncryptionContext", Json::object());
        if (op == "Encrypt") {
            auto blob = kms_.encrypt(tx, cloud_.iam, ctx.caller, ctx.region, in.value("KeyId", ""),
                                     in.value("Plaintext", ""), context, ctx.condition_context);
            if (!blob) return blob.error();
            return Json{{"CiphertextBlob", *blob},
                        {"KeyId", key_arn_of(*blob)},
                        {"EncryptionAlgorithm", "SYMMETRIC_DEFAULT"}};
        }
        if (op == "GenerateDataKey" || op == "GenerateDataKeyWithoutPlaintext") {
            // NumberOfBytes is 1..1024 by the model.
            const int bytes = in.contains("NumberOfBytes")
                                  ? in["NumberOfBytes"].get<int>()
                                  : (in.value("KeySpec", "AES_256") == "AES_128" ? 16 : 32);
            const std::string plain = random_bytes(static_cast<std::size_t>(bytes));
            auto blob = kms_.encrypt(tx, cloud_.iam, ctx.caller, ctx.region, in.value("KeyId", ""), plain,
                                     context, ctx.condition_context, {}, "kms:" + op);
            if (!blob) return blob.error();
            Json out{{"CiphertextBlob", *blob}, {"KeyId", key_arn_of(*blob)}};
            if (op == "GenerateDataKey") out["Plaintext"] = plain;
            return out;
        }
        if (op == "Decrypt") {
            auto plain = kms_.decrypt(tx, cloud_.iam, ctx.caller, in.value("CiphertextBlob", ""), context,
                                      ctx.condition_context);
            if (!plain) return plain.error();
            return Json{{"Plaintext", plain->plaintext},
                        {"KeyId", plain->key_arn},
                        {"EncryptionAlgorithm", "SYMMETRIC_DEFAULT"}};
        }
        return not_implemented(op);
    }

    static std::string key_arn_of(const std::string& blob) {
        const std::size_t len = static_cast<unsigned char>(blob[4]);
        return blob.substr(5, len);
    }

    CloudContext& cloud_;
    KmsBackend& kms_;
};

} // namespace

void register_kms(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers) {
    add_service<KmsService, CfnKeyProvider, CfnAliasProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::kms
