#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/state/store.hpp"

#include <chrono>
#include <string>

namespace cdk::localcloud::secretsmanager {

/// Who calls, from where: the caller, the request's region, its global condition keys and its time.
struct SecretsCall {
    Caller caller;
    std::string region;
    iam::Context context;
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

/// Secrets Manager: secrets with versions and staging labels, values encrypted with KMS (the account's
/// `aws/secretsmanager` key, or the secret's KmsKeyId), resource policies, scheduled deletion.
///
/// A secret is entity `secretsmanager:secret` named by its name in the owner's account and region; its ARN
/// carries AWS's `-XXXXXX` random suffix. A secret id may be the name, the full ARN or the partial ARN
/// (without the suffix); an ARN may name another account, whose secret is then reached when both its
/// resource policy and the caller's identity policies allow (and the KMS key's policy allows the decrypt).
///
/// Every operation is authorized as `secretsmanager:<Action>` on the secret's ARN with the secret's resource
/// policy (ResourcePolicyMode::Optional); values are encrypted and decrypted by the KMS backend as the
/// caller, through the service (kms:ViaService = secretsmanager.<region>.amazonaws.com), with the encryption
/// context {SecretARN, SecretVersionId}. Inputs and outputs are the operations' shapes in the model.
class SecretsBackend {
public:
    explicit SecretsBackend(CloudContext& cloud) : cloud_(cloud) {}

    [[nodiscard]] Result<Json> create_secret(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> get_secret_value(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> put_secret_value(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> update_secret(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> describe_secret(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> list_secrets(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> list_secret_version_ids(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> update_secret_version_stage(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> delete_secret(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> restore_secret(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> get_random_password(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> put_resource_policy(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> get_resource_policy(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> delete_resource_policy(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> tag_resource(Tx& tx, const SecretsCall& call, const Json& in);
    [[nodiscard]] Result<Json> untag_resource(Tx& tx, const SecretsCall& call, const Json& in);

private:
    struct Found {
        Scope scope;
        Json secret;
    };
    /// The secret `id` names, authorized for `action`. ResourceNotFoundException when there is none or its
    /// deletion window has passed; a secret marked for deletion only when `allow_deleted`.
    Result<Found> find(Tx& tx, const SecretsCall& call, const std::string& id, const std::string& action,
                       bool allow_deleted = false);
    Result<void> authorize(Tx& tx, const SecretsCall& call, const std::string& action, const std::string& arn,
                           const std::string& owner, const Json* secret);
    Result<Json> save(Tx& tx, const Found& found);
    /// Names the key new versions are encrypted with ("" or alias/aws/secretsmanager: the managed key).
    Result<void> set_key(Tx& tx, Found& found, const std::string& key);
    /// Adds a version holding the request's SecretString/SecretBinary with `stages` (AWSCURRENT moves, the
    /// old current becoming AWSPREVIOUS). Returns the version id; an existing id with the same value is a
    /// no-op, with another value ResourceExistsException.
    Result<std::string> add_version(Tx& tx, const SecretsCall& call, Found& found, const Json& in,
                                    Json stages);
    Result<Json> reveal(Tx& tx, const SecretsCall& call, const Found& found, const std::string& version_id);

    CloudContext& cloud_;
};

} // namespace cdk::localcloud::secretsmanager
