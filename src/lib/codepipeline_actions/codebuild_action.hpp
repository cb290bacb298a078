#pragma once

#include "lib/codebuild/project.hpp"
#include "lib/codepipeline/action.hpp"

#include <string>
#include <vector>

namespace cdk::codepipeline_actions {

/// Build or test (CDK: CodeBuildActionType).
enum class CodeBuildActionType { Build, Test };

/// Props of a CodeBuildAction (CDK: CodeBuildActionProps).
struct CodeBuildActionProps {
    std::string action_name;
    codepipeline::Artifact input;
    std::vector<codepipeline::Artifact> extra_inputs;
    std::vector<codepipeline::Artifact> outputs;
    codebuild::Project* project = nullptr;
    CodeBuildActionType type = CodeBuildActionType::Build;
    /// Passed to the build as the action's `EnvironmentVariables` (a JSON string).
    codebuild::EnvironmentVariables environment_variables;
    iam::IRole* role = nullptr;
    int run_order = 1;
    std::string variables_namespace;
};

/// Runs a CodeBuild project (CDK: CodeBuildAction). Binding lets the action role start and watch builds, and
/// the project's role read (or, with outputs, write) the artifact bucket and use its key.
class CodeBuildAction : public codepipeline::Action {
public:
    explicit CodeBuildAction(const CodeBuildActionProps& props);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;

private:
    CodeBuildActionProps props_;
};

} // namespace cdk::codepipeline_actions
