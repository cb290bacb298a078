#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::kms {

/// AWS::KMS::Key: kms:CreateKey (identity policy), then every later operation under the key's own policy
/// (kms:PutKeyPolicy, kms:EnableKeyRotation, kms:ScheduleKeyDeletion …). Ref = key id; attributes Arn, KeyId.
/// Remove schedules deletion (PendingDeletion), as CloudFormation does.
struct CfnKeyProvider final : cfn::Provider {
    explicit CfnKeyProvider(CloudContext& cloud);
};

/// AWS::KMS::Alias: kms:CreateAlias on the alias (identity) and on the target key (key policy);
/// kms:UpdateAlias when the target changes. Ref = alias name.
struct CfnAliasProvider final : cfn::Provider {
    explicit CfnAliasProvider(CloudContext& cloud);
};

} // namespace cdk::localcloud::kms
