#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::events {

/// Registers EventBridge (signing name `events`, JSON 1.1 `AWSEvents.<Op>`) and the AWS::Events::Rule and
/// AWS::Events::EventBus providers.
void register_events(CloudContext& cloud, ServiceRegistry& services,
                     cloudformation::ProviderRegistry& providers);

/// Stops the scheduler thread of the registered EventBridge service (LocalCloud's destructor calls it before
/// any service is destroyed, since scheduled deliveries call the other services).
void stop_events_scheduler(ServiceRegistry& services);

} // namespace cdk::localcloud::events
