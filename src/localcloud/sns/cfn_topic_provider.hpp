#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::sns {

#define LOCALCLOUD_SNS_PROVIDER(Class, Type)                                                                     \
    class Class final : public cloudformation::ResourceProvider {                                                \
    public:                                                                                                      \
        explicit Class(CloudContext& cloud) : cloud_(cloud) {}                                                   \
        [[nodiscard]] std::string type_name() const override { return Type; }                                   \
        [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override; \
        [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override; \
        [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;                    \
                                                                                                                 \
    private:                                                                                                     \
        CloudContext& cloud_;                                                                                    \
    }

/// AWS::SNS::Topic: sns:CreateTopic (+ sns:Subscribe for inline Subscription). Ref = topic ARN; attributes
/// TopicArn, TopicName.
LOCALCLOUD_SNS_PROVIDER(CfnTopicProvider, "AWS::SNS::Topic");
/// AWS::SNS::Subscription: sns:Subscribe (topic policy as resource policy). Ref = subscription ARN; attribute Arn.
LOCALCLOUD_SNS_PROVIDER(CfnSubscriptionProvider, "AWS::SNS::Subscription");
/// AWS::SNS::TopicPolicy: the Policy attribute of each topic in Topics. Ref = generated id.
LOCALCLOUD_SNS_PROVIDER(CfnTopicPolicyProvider, "AWS::SNS::TopicPolicy");

#undef LOCALCLOUD_SNS_PROVIDER

} // namespace cdk::localcloud::sns
