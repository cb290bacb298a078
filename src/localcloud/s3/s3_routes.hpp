#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::s3 {

/// Registers S3.
void register_s3(CloudContext& cloud, ServiceRegistry& services, cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::s3
