#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::secretsmanager {

/// AWS::SecretsManager::Secret: secretsmanager:CreateSecret (+ TagResource with Tags) with SecretString, or a
/// value made by GenerateSecretString (every GetRandomPassword option, SecretStringTemplate +
/// GenerateStringKey; a generated 32-character password when neither is given), encrypted with KmsKeyId or
/// the account's aws/secretsmanager key. Name optional (generated). Update: Description/KmsKeyId
/// (UpdateSecret), a new value (PutSecretValue), tags. Remove: DeleteSecret without recovery. Ref = ARN;
/// attribute Id (the ARN).
class CfnSecretProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnSecretProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::SecretsManager::Secret"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse>
    create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse>
    update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

/// AWS::SecretsManager::ResourcePolicy: secretsmanager:PutResourcePolicy on SecretId (ResourcePolicy as an
/// object or JSON text, BlockPublicPolicy); remove: DeleteResourcePolicy. Ref = the secret's ARN.
class CfnResourcePolicyProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnResourcePolicyProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::SecretsManager::ResourcePolicy"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse>
    create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse>
    update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::secretsmanager
