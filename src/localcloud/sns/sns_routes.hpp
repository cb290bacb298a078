#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::sns {

/// Registers SNS (Query protocol: topics, attributes, subscriptions; no delivery yet) and the
/// AWS::SNS::Topic, AWS::SNS::Subscription and AWS::SNS::TopicPolicy providers.
void register_sns(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::sns
