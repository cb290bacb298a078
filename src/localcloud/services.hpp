#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud {

/// Registers every emulated service (and, from part 2 on, its CloudFormation resource providers).
/// An explicit list: no static self-registration.
void register_services(CloudContext& cloud, ServiceRegistry& services,
                       cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud
