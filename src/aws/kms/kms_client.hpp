#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"

namespace cdk::aws::kms {

/// Typed client for AWS KMS: keys, aliases, encrypt/decrypt. Plaintexts and ciphertexts are raw bytes.
class KmsClient {
public:
    explicit KmsClient(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<KmsClient> create(const auth::Session& session);

    /// Creates a symmetric key; returns its KeyMetadata. `policy` empty: the default key policy.
    [[nodiscard]] Result<Json> create_key(const std::string& description,
                                          const std::string& policy = "") const;
    [[nodiscard]] Result<Json> describe_key(const std::string& key_id) const;
    [[nodiscard]] Result<void> create_alias(const std::string& alias, const std::string& key_id) const;
    [[nodiscard]] Result<std::vector<Json>> list_aliases() const;
    [[nodiscard]] Result<std::string> encrypt(const std::string& key_id, const std::string& plaintext) const;
    [[nodiscard]] Result<std::string> decrypt(const std::string& ciphertext) const;

    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    AwsClient client_;
};

} // namespace cdk::aws::kms
