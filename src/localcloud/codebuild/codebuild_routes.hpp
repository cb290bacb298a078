#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::codebuild {

/// Registers CodeBuild (JSON 1.1, `CodeBuild_20161006.<Op>`), its container-credentials endpoint and the
/// AWS::CodeBuild::Project provider.
void register_codebuild(CloudContext& cloud, ServiceRegistry& services, cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::codebuild
