#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::ecr {

/// Registers ECR (JSON 1.1, `AmazonEC2ContainerRegistry_V20150921.`): repositories, their policies, lifecycle
/// policies and tags (no images), and the AWS::ECR::Repository provider.
void register_ecr(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::ecr
