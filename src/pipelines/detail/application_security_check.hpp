#pragma once

#include "constructs/construct.hpp"
#include "lib/codebuild/project.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "lib/lambda/function.hpp"

#include <string>
#include <vector>

namespace cdk::pipelines::detail {

/// The auto-approve handler's source (`index.js`, Node.js, AWS SDK v3 as the Lambda runtime has it): given
/// `{PipelineName, StageName, ActionName}` it waits (at most 5 minutes, polling GetPipelineState every 5
/// seconds) for that approval action to be pending and approves it with PutApprovalResult.
[[nodiscard]] const std::string& approve_lambda_source();

/// The check shared by a pipeline's ConfirmPermissionsBroadening steps (CDK: ApplicationSecurityCheck): the
/// `CDKPipelinesAutoApprove` function (it may read and approve the pipelines tagged
/// `SECURITY_CHECK=ALLOW_APPROVE`, as the pipeline is), and the `CDKSecurityCheck` project that runs
/// `cdkpp diff --security-only --fail` over a stage and invokes the function when nothing broadens.
class ApplicationSecurityCheck : public Construct {
public:
    /// `cli_install_commands` put cdkpp on the project's PATH (the pipeline's knob).
    ApplicationSecurityCheck(Construct& scope, std::string_view id, codepipeline::Pipeline& pipeline,
                             const std::vector<std::string>& cli_install_commands);

    [[nodiscard]] lambda::Function& pre_approve_lambda() const { return *lambda_; }
    [[nodiscard]] codebuild::Project& cdk_diff_project() const { return *project_; }

private:
    lambda::Function* lambda_ = nullptr;
    codebuild::Project* project_ = nullptr;
};

} // namespace cdk::pipelines::detail
