#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/state/store.hpp"

#include <string>

namespace cdk::localcloud::kms {

/// Plaintext recovered by Decrypt and the key that protected it.
struct Decrypted {
    std::string plaintext;
    std::string key_arn;
};

/// KMS keys (with key policies), aliases, and AES-256-GCM authenticated encryption. Key policies are
/// authoritative (a key policy that does not allow the caller — directly, or via its account's root and
/// the account's IAM policies — denies, cross-account included). Other services (S3 SSE-KMS, SSM
/// SecureString) call `encrypt`/`decrypt` with `via_service` so kms:ViaService conditions apply.
class KmsBackend {
public:
    [[nodiscard]] Result<Json> create_key(Tx& tx, const std::string& account, const std::string& region,
                                          const std::string& policy, const std::string& description,
                                          const Json& tags);
    /// Finds a key by id, key ARN, alias name or alias ARN (ARNs may point to another account).
    [[nodiscard]] Result<Json> resolve_key(Tx& tx, const std::string& account, const std::string& region,
                                           const std::string& key_ref);
    [[nodiscard]] Result<void> save_key(Tx& tx, const Json& key);
    /// Authorizes `action` on `key` under its key policy.
    [[nodiscard]] Result<void> authorize(Tx& tx, iam::IamBackend& iam, const Caller& caller, const Json& key,
                                         const std::string& action, const iam::Context& context,
                                         const std::string& via_service = {});
    [[nodiscard]] Result<std::string> encrypt(Tx& tx, iam::IamBackend& iam, const Caller& caller,
                                              const std::string& region, const std::string& key_ref,
                                              const std::string& plaintext, const Json& encryption_context,
                                              const iam::Context& context,
                                              const std::string& via_service = {},
                                              const std::string& action = "kms:Encrypt");
    [[nodiscard]] Result<Decrypted> decrypt(Tx& tx, iam::IamBackend& iam, const Caller& caller,
                                            const std::string& ciphertext, const Json& encryption_context,
                                            const iam::Context& context, const std::string& via_service = {});

    /// The account's AWS managed key for `service` (`alias/aws/<service>`), created on first use with AWS's
    /// policy shape: usable by any principal of the account through that service (kms:ViaService).
    [[nodiscard]] Result<std::string> ensure_aws_managed_key(Tx& tx, const std::string& account,
                                                             const std::string& region,
                                                             const std::string& service);

    [[nodiscard]] Result<void> create_alias(Tx& tx, const std::string& account, const std::string& region,
                                            const std::string& alias, const std::string& key_ref);
    [[nodiscard]] Result<void> delete_alias(Tx& tx, const std::string& account, const std::string& region,
                                            const std::string& alias);
    [[nodiscard]] Result<std::vector<Json>> list_aliases(Tx& tx, const std::string& account,
                                                         const std::string& region);
    [[nodiscard]] Result<std::vector<Json>> list_keys(Tx& tx, const std::string& account,
                                                      const std::string& region);
};

/// The default key policy: the account's root may do everything (delegating to IAM policies).
[[nodiscard]] Json default_key_policy(const std::string& account);

} // namespace cdk::localcloud::kms
