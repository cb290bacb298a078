#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::sqs {

/// Registers SQS (JSON protocol, `AmazonSQS.`: queues and their attributes, no messages yet) and the
/// AWS::SQS::Queue and AWS::SQS::QueuePolicy providers.
void register_sqs(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::sqs
