#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::sns {

/// AWS::SNS::Topic: sns:CreateTopic (+ sns:Subscribe for inline Subscription). Ref = topic ARN; attributes
/// TopicArn, TopicName.
struct CfnTopicProvider final : cfn::Provider {
    explicit CfnTopicProvider(CloudContext& cloud);
};

/// AWS::SNS::Subscription: sns:Subscribe (topic policy as resource policy). Ref = subscription ARN; attribute
/// Arn.
struct CfnSubscriptionProvider final : cfn::Provider {
    explicit CfnSubscriptionProvider(CloudContext& cloud);
};

/// AWS::SNS::TopicPolicy: the Policy attribute of each topic in Topics. Ref = generated id.
struct CfnTopicPolicyProvider final : cfn::Provider {
    explicit CfnTopicPolicyProvider(CloudContext& cloud);
};

} // namespace cdk::localcloud::sns
