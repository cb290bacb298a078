#include "localcloud/kms/kms_backend.hpp"

#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/kms/kms_errors.hpp"
#include "localcloud/state/ids.hpp"

#include <openssl/evp.h>

#include <chrono>

namespace cdk::localcloud::kms {

namespace {

constexpr std::string_view kMagic = "LCK1";

std::string key_arn(const std::string& account, const std::string& region, const std::string& id) {
    return "arn:aws:kms:" + region + ":" + account + ":key/" + id;
}

/// Canonical AAD from an encryption context: sorted keys, JSON.
std::string aad_of(const Json& encryption_context) {
    return encryption_context.is_object() ? encryption_context.dump() : std::string("{}");
}

Result<std::string> gcm(bool encrypting, const std::string& key, const std::string& iv,
                        const std::string& aad, const std::string& input, std::string& tag) {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    std::string out(input.size() + 16, '\0');
    int len = 0;
    int total = 0;
    bool ok = true;
    const auto* k = reinterpret_cast<const unsigned char*>(key.data());
    const auto* v = reinterpret_cast<const unsigned char*>(iv.data());
    if (encrypting) {
        ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, k, v) == 1 &&
             EVP_EncryptUpdate(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                               static_cast<int>(aad.size())) == 1 &&
             EVP_EncryptUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &len,
                               reinterpret_cast<const unsigned char*>(input.data()),
                               static_cast<int>(input.size())) == 1;
        total = len;
        ok = ok && EVP_EncryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()) + total, &len) == 1;
        total += len;
        tag.assign(16, '\0');
        ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag.data()) == 1;
    } else {
        ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, k, v) == 1 &&
             EVP_DecryptUpdate(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                               static_cast<int>(aad.size())) == 1 &&
             EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &len,
                               reinterpret_cast<const unsigned char*>(input.data()),
                               static_cast<int>(input.size())) == 1;
        total = len;
        ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, tag.data()) == 1 &&
             EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()) + total, &len) == 1;
        total += len;
    }
    EVP_CIPHER_CTX_free(ctx);
    if (!ok) {
        return invalid_ciphertext(encrypting ? "encryption failed"
                                             : "the ciphertext or its encryption context does not verify");
    }
    out.resize(static_cast<std::size_t>(total));
    return out;
}

} // namespace

Json default_key_policy(const std::string& account) {
    return Json{{"Version", "2012-10-17"},
                {"Id", "key-default-1"},
                {"Statement", Json::array({{{"Sid", "Enable IAM User Permissions"},
                                            {"Effect", "Allow"},
                                            {"Principal", {{"AWS", "arn:aws:iam::" + account + ":root"}}},
                                            {"Action", "kms:*"},
                                            {"Resource", "*"}}})}};
}

Result<Json> KmsBackend::create_key(Tx& tx, const std::string& account, const std::string& region,
                                    const std::string& policy, const std::string& description,
                                    const Json& tags) {
    Json policy_doc = default_key_policy(account);
    if (!policy.empty()) {
        auto parsed = iam::parse_policy_json(policy);
        if (!parsed) return malformed_policy("key policy is not valid JSON: " + parsed.error().message);
        policy_doc = std::move(*parsed);
    }
    const std::string id = random_uuid();
    Json key{{"KeyId", id},
             {"Arn", key_arn(account, region, id)},
             {"AWSAccountId", account},
             {"Region", region},
             {"Policy", policy_doc},
             {"Description", description},
             {"KeyState", "Enabled"},
             {"Enabled", true},
             {"KeyUsage", "ENCRYPT_DECRYPT"},
             {"KeySpec", "SYMMETRIC_DEFAULT"},
             {"KeyManager", "CUSTOMER"},
             {"Origin", "AWS_KMS"},
             {"CreationDate", epoch_seconds(std::chrono::system_clock::now())},
             {"Material", strings::to_hex(random_bytes(32))},
             {"RotationEnabled", false},
             {"Tags", tags.is_array() ? tags : Json::array()}};
    if (auto r = tx.put(Scope{account, region}, "kms:key", id, key); !r) return r.error();
    return key;
}

Result<void> KmsBackend::save_key(Tx& tx, const Json& key) {
    return tx.put(Scope{key["AWSAccountId"].get<std::string>(), key["Region"].get<std::string>()}, "kms:key",
                  key["KeyId"].get<std::string>(), key);
}

Result<Json> KmsBackend::resolve_key(Tx& tx, const std::string& account, const std::string& region,
                                     const std::string& key_ref) {
    std::string acct = account;
    std::string reg = region;
    std::string ref = key_ref;
    if (strings::starts_with(ref, "arn:")) {
        const auto parts = strings::split(ref, ":");
        if (parts.size() < 6) return not_found("Invalid keyId " + key_ref);
        reg = parts[3];
        acct = parts[4];
        ref = parts[5];
        for (std::size_t i = 6; i < parts.size(); ++i)
            ref += ":" + parts[i];
        if (strings::starts_with(ref, "key/")) ref = ref.substr(4);
    }
    if (strings::starts_with(ref, "alias/")) {
        auto alias = tx.get(Scope{acct, reg}, "kms:alias", ref);
        if (!alias) return alias.error();
        if (!alias->has_value())
            return not_found("Alias arn:aws:kms:" + reg + ":" + acct + ":" + ref + " is not found.");
        ref = (**alias)["TargetKeyId"].get<std::string>();
    }
    auto key = tx.get(Scope{acct, reg}, "kms:key", ref);
    if (!key) return key.error();
    if (!key->has_value()) return not_found("Key '" + key_arn(acct, reg, ref) + "' does not exist");
    return std::move(**key);
}

Result<void> KmsBackend::authorize(Tx& tx, iam::IamBackend& iam, const Caller& caller, const Json& key,
                                   const std::string& action, const iam::Context& context,
                                   const std::string& via_service) {
    iam::Context ctx = context;
    ctx[iam::context_key("kms:CallerAccount")] = {caller.account()};
    if (!via_service.empty()) ctx[iam::context_key("kms:ViaService")] = {via_service};
    for (const auto& t : key["Tags"]) {
        ctx[iam::context_key("aws:ResourceTag/" + t.value("TagKey", t.value("Key", "")))] = {
            t.value("TagValue", t.value("Value", ""))};
    }
    return iam.authorize(tx, caller, action, key["Arn"].get<std::string>(),
                         key["AWSAccountId"].get<std::string>(), key["Policy"],
                         iam::ResourcePolicyMode::Required, ctx, "AccessDeniedException");
}

Result<std::string> KmsBackend::encrypt(Tx& tx, iam::IamBackend& iam, const Caller& caller,
                                        const std::string& region, const std::string& key_ref,
                                        const std::string& plaintext, const Json& encryption_context,
                                        const iam::Context& context, const std::string& via_service,
                                        const std::string& action) {
    auto key = resolve_key(tx, caller.account(), region, key_ref);
    if (!key) return key.error();
    if (auto a = authorize(tx, iam, caller, *key, action, context, via_service); !a) return a.error();
    if ((*key)["KeyState"] != "Enabled") return disabled((*key)["Arn"].get<std::string>() + " is disabled.");
    std::string raw_key;
    const std::string hex = (*key)["Material"].get<std::string>();
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        raw_key.push_back(
            static_cast<char>(cdk::parse_int<unsigned>(std::string_view(hex).substr(i, 2), 16).value_or(0)));
    }
    const std::string iv = random_bytes(12);
    std::string tag;
    auto sealed = gcm(true, raw_key, iv, aad_of(encryption_context), plaintext, tag);
    if (!sealed) return sealed.error();
    const std::string arn = (*key)["Arn"].get<std::string>();
    std::string blob(kMagic);
    blob.push_back(static_cast<char>(arn.size()));
    blob += arn + iv + tag + *sealed;
    return blob;
}

Result<Decrypted> KmsBackend::decrypt(Tx& tx, iam::IamBackend& iam, const Caller& caller,
                                      const std::string& ciphertext, const Json& encryption_context,
                                      const iam::Context& context, const std::string& via_service) {
    if (ciphertext.size() < kMagic.size() + 1 || ciphertext.compare(0, kMagic.size(), kMagic) != 0) {
        return invalid_ciphertext("the ciphertext was not produced by this localcloud's KMS");
    }
    const std::size_t arn_len = static_cast<unsigned char>(ciphertext[kMagic.size()]);
    const std::size_t header = kMagic.size() + 1 + arn_len;
    if (ciphertext.size() < header + 28) return invalid_ciphertext("the ciphertext is truncated");
    const std::string arn = ciphertext.substr(kMagic.size() + 1, arn_len);
    auto key = resolve_key(tx, caller.account(), "", arn);
    if (!key) return key.error();
    if (auto a = authorize(tx, iam, caller, *key, "kms:Decrypt", context, via_service); !a) return a.error();
    if ((*key)["KeyState"] != "Enabled") return disabled(arn + " is disabled.");
    std::string raw_key;
    const std::string hex = (*key)["Material"].get<std::string>();
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        raw_key.push_back(
            static_cast<char>(cdk::parse_int<unsigned>(std::string_view(hex).substr(i, 2), 16).value_or(0)));
    }
    std::string tag = ciphertext.substr(header + 12, 16);
    auto opened = gcm(false, raw_key, ciphertext.substr(header, 12), aad_of(encryption_context),
                      ciphertext.substr(header + 28), tag);
    if (!opened) return opened.error();
    return Decrypted{*opened, arn};
}

Result<std::string> KmsBackend::ensure_aws_managed_key(Tx& tx, const std::string& account,
                                                       const std::string& region,
                                                       const std::string& service) {
    const std::string alias_name = "alias/aws/" + service;
    auto alias = tx.get(Scope{account, region}, "kms:alias", alias_name);
    if (!alias) return alias.error();
    if (alias->has_value()) return (**alias)["TargetKeyId"].get<std::string>();
    const Json policy{
        {"Version", "2012-10-17"},
        {"Statement", Json::array({{{"Effect", "Allow"},
                                    {"Principal", {{"AWS", "*"}}},
                                    {"Action", Json::array({"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*",
                                                            "kms:GenerateDataKey*", "kms:DescribeKey"})},
                                    {"Resource", "*"},
                                    {"Condition",
                                     {{"StringEquals",
                                       {{"kms:CallerAccount", account},
                                        {"kms:ViaService", service + "." + region + ".amazonaws.com"}}}}}},
                                   {{"Effect", "Allow"},
                                    {"Principal", {{"AWS", "arn:aws:iam::" + account + ":root"}}},
                                    {"Action", Json::array({"kms:Describe*", "kms:Get*", "kms:List*"})},
                                    {"Resource", "*"}}})}};
    auto key = create_key(tx, account, region, policy.dump(),
                          "Default key that protects my " + service + " data when no other key is defined",
                          Json::array());
    if (!key) return key.error();
    (*key)["KeyManager"] = "AWS";
    if (auto r = save_key(tx, *key); !r) return r.error();
    const std::string id = (*key)["KeyId"].get<std::string>();
    if (auto r = tx.put(Scope{account, region}, "kms:alias", alias_name,
                        Json{{"AliasName", alias_name},
                             {"AliasArn", "arn:aws:kms:" + region + ":" + account + ":" + alias_name},
                             {"TargetKeyId", id}});
        !r) {
        return r.error();
    }
    return id;
}

Result<void> KmsBackend::create_alias(Tx& tx, const std::string& account, const std::string& region,
                                      const std::string& alias, const std::string& key_ref) {
    if (!strings::starts_with(alias, "alias/") || strings::starts_with(alias, "alias/aws/")) {
        return validation("AliasName '" + alias + "' must start with 'alias/' and not with 'alias/aws/'");
    }
    auto existing = tx.get(Scope{account, region}, "kms:alias", alias);
    if (!existing) return existing.error();
    if (existing->has_value()) {
        return already_exists("An alias with the name arn:aws:kms:" + region + ":" + account + ":" + alias +
                              " already exists");
    }
    auto key = resolve_key(tx, account, region, key_ref);
    if (!key) return key.error();
    return tx.put(Scope{account, region}, "kms:alias", alias,
                  Json{{"AliasName", alias},
                       {"AliasArn", "arn:aws:kms:" + region + ":" + account + ":" + alias},
                       {"TargetKeyId", (*key)["KeyId"]}});
}

Result<void> KmsBackend::delete_alias(Tx& tx, const std::string& account, const std::string& region,
                                      const std::string& alias) {
    auto erased = tx.erase(Scope{account, region}, "kms:alias", alias);
    if (!erased) return erased.error();
    if (!*erased)
        return not_found("Alias arn:aws:kms:" + region + ":" + account + ":" + alias + " is not found.");
    return ok();
}

Result<std::vector<Json>> KmsBackend::list_aliases(Tx& tx, const std::string& account,
                                                   const std::string& region) {
    auto rows = tx.list(Scope{account, region}, "kms:alias");
    if (!rows) return rows.error();
    std::vector<Json> out;
    for (auto& [n, d] : *rows)
        out.push_back(d);
    return out;
}

Result<std::vector<Json>> KmsBackend::list_keys(Tx& tx, const std::string& account,
                                                const std::string& region) {
    auto rows = tx.list(Scope{account, region}, "kms:key");
    if (!rows) return rows.error();
    std::vector<Json> out;
    for (auto& [n, d] : *rows)
        out.push_back(d);
    return out;
}

} // namespace cdk::localcloud::kms
