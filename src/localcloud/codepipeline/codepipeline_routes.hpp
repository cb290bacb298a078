#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

#include <memory>

namespace cdk::localcloud::codebuild {
class CodeBuildBackend;
}

namespace cdk::localcloud::codepipeline {

/// Registers CodePipeline (JSON 1.1, `CodePipeline_20150709.<Op>`); its CodeBuild actions run through
/// `codebuild` (may be null: such actions then fail).
void register_codepipeline(CloudContext& cloud, ServiceRegistry& services,
                           cloudformation::ProviderRegistry& providers,
                           std::shared_ptr<codebuild::CodeBuildBackend> codebuild);

} // namespace cdk::localcloud::codepipeline
