#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::kms {

/// AWS::KMS::Key: kms:CreateKey (identity policy), then every later operation under the key's own policy
/// (kms:PutKeyPolicy, kms:EnableKeyRotation, kms:ScheduleKeyDeletion …). Ref = key id; attributes Arn, KeyId.
/// Remove schedules deletion (PendingDeletion), as CloudFormation does.
class CfnKeyProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnKeyProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::KMS::Key"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

/// AWS::KMS::Alias: kms:CreateAlias on the alias (identity) and on the target key (key policy);
/// kms:UpdateAlias when the target changes. Ref = alias name.
class CfnAliasProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnAliasProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::KMS::Alias"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::kms
