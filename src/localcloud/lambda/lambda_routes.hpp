#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::lambda {

/// Registers Lambda (REST-JSON under /2015-03-31/functions) and its CloudFormation providers
/// (AWS::Lambda::Function, Permission, Version, Url, EventInvokeConfig, Alias, EventSourceMapping); the
/// service owns the event source mappings' poller (stopped when the service is destroyed).
void register_lambda(CloudContext& cloud, ServiceRegistry& services,
                     cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::lambda
