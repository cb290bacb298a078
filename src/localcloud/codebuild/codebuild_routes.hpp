#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

#include <memory>

namespace cdk::localcloud::codebuild {

class CodeBuildBackend;

/// Registers CodeBuild (JSON 1.1, `CodeBuild_20161006.<Op>`), its container-credentials endpoint and the
/// AWS::CodeBuild::Project provider.
/// Returns the backend, which CodePipeline's CodeBuild actions call (start_build with artifacts).
std::shared_ptr<CodeBuildBackend> register_codebuild(CloudContext& cloud, ServiceRegistry& services,
                                                     cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::codebuild
