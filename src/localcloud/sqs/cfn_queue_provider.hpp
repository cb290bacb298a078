#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::sqs {

/// AWS::SQS::Queue: sqs:CreateQueue / sqs:SetQueueAttributes / sqs:TagQueue / sqs:DeleteQueue. Ref = queue
/// URL; attributes Arn, QueueName, QueueUrl.
struct CfnQueueProvider final : cfn::Provider {
    explicit CfnQueueProvider(CloudContext& cloud);
};

/// AWS::SQS::QueuePolicy: sets the Policy attribute of each queue in Queues. Ref = generated id.
struct CfnQueuePolicyProvider final : cfn::Provider {
    explicit CfnQueuePolicyProvider(CloudContext& cloud);
};

} // namespace cdk::localcloud::sqs
