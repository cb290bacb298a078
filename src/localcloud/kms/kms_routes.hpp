#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::kms {

/// Registers KMS.
void register_kms(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::kms
