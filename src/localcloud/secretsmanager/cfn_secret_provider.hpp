#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::secretsmanager {

/// AWS::SecretsManager::Secret: secretsmanager:CreateSecret (+ TagResource with Tags) with SecretString, or a
/// value made by GenerateSecretString (every GetRandomPassword option, SecretStringTemplate +
/// GenerateStringKey; a generated 32-character password when neither is given), encrypted with KmsKeyId or
/// the account's aws/secretsmanager key. Name optional (generated). Update: Description/KmsKeyId
/// (UpdateSecret), a new value (PutSecretValue), tags. Remove: DeleteSecret without recovery. Ref = ARN;
/// attribute Id (the ARN).
CDK_CFN_PROVIDER(CfnSecretProvider);

/// AWS::SecretsManager::ResourcePolicy: secretsmanager:PutResourcePolicy on SecretId (ResourcePolicy as an
/// object or JSON text, BlockPublicPolicy); remove: DeleteResourcePolicy. Ref = the secret's ARN.
CDK_CFN_PROVIDER(CfnResourcePolicyProvider);

} // namespace cdk::localcloud::secretsmanager
