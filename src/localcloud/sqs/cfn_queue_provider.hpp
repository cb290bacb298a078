#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::sqs {

/// AWS::SQS::Queue: sqs:CreateQueue / sqs:SetQueueAttributes / sqs:TagQueue / sqs:DeleteQueue. Ref = queue URL;
/// attributes Arn, QueueName, QueueUrl.
class CfnQueueProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnQueueProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::SQS::Queue"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

/// AWS::SQS::QueuePolicy: sets the Policy attribute of each queue in Queues. Ref = generated id.
class CfnQueuePolicyProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnQueuePolicyProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::SQS::QueuePolicy"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::sqs
