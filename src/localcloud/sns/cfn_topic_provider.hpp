#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::sns {

/// AWS::SNS::Topic: sns:CreateTopic (+ sns:Subscribe for inline Subscription). Ref = topic ARN; attributes
/// TopicArn, TopicName.
CDK_CFN_PROVIDER(CfnTopicProvider);

/// AWS::SNS::Subscription: sns:Subscribe (topic policy as resource policy). Ref = subscription ARN; attribute
/// Arn.
CDK_CFN_PROVIDER(CfnSubscriptionProvider);

/// AWS::SNS::TopicPolicy: the Policy attribute of each topic in Topics. Ref = generated id.
CDK_CFN_PROVIDER(CfnTopicPolicyProvider);

} // namespace cdk::localcloud::sns
