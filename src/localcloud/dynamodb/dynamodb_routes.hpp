#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::dynamodb {

/// Registers DynamoDB (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`) and AWS::DynamoDB::Table.
void register_dynamodb(CloudContext& cloud, ServiceRegistry& services,
                       cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::dynamodb
