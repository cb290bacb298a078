#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::logs {

/// AWS::Logs::LogGroup: logs:CreateLogGroup (and logs:TagResource with Tags, logs:PutRetentionPolicy with
/// RetentionInDays), in one transaction. LogGroupName optional (generated `<stack>-<LogicalId>-<RANDOM>`);
/// update applies RetentionInDays (logs:PutRetentionPolicy / logs:DeleteRetentionPolicy) and tag changes;
/// remove is logs:DeleteLogGroup (DeletionPolicy Retain is the engine's). Ref = name; attribute Arn
/// (`arn:aws:logs:<region>:<account>:log-group:<name>:*`, as CloudFormation gives it).
class CfnLogGroupProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnLogGroupProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::Logs::LogGroup"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse>
    create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse>
    update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::logs
