#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::sqs {

/// AWS::SQS::Queue: sqs:CreateQueue / sqs:SetQueueAttributes / sqs:TagQueue / sqs:DeleteQueue. Ref = queue
/// URL; attributes Arn, QueueName, QueueUrl.
CDK_CFN_PROVIDER(CfnQueueProvider);

/// AWS::SQS::QueuePolicy: sets the Policy attribute of each queue in Queues. Ref = generated id.
CDK_CFN_PROVIDER(CfnQueuePolicyProvider);

} // namespace cdk::localcloud::sqs
