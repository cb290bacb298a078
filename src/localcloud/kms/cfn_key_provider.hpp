#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::kms {

/// AWS::KMS::Key: kms:CreateKey (identity policy), then every later operation under the key's own policy
/// (kms:PutKeyPolicy, kms:EnableKeyRotation, kms:ScheduleKeyDeletion …). Ref = key id; attributes Arn, KeyId.
/// Remove schedules deletion (PendingDeletion), as CloudFormation does.
CDK_CFN_PROVIDER(CfnKeyProvider);

/// AWS::KMS::Alias: kms:CreateAlias on the alias (identity) and on the target key (key policy);
/// kms:UpdateAlias when the target changes. Ref = alias name.
CDK_CFN_PROVIDER(CfnAliasProvider);

} // namespace cdk::localcloud::kms
