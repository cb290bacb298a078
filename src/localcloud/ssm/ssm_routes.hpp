#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::ssm {

/// Registers SSM.
void register_ssm(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::ssm
