#pragma once

#include "lib/codepipeline/action.hpp"

#include <optional>
#include <string>

namespace cdk::codepipeline_actions {

/// Props of a CodeStarConnectionsSourceAction (CDK: CodeStarConnectionsSourceActionProps).
struct CodeStarConnectionsSourceActionProps {
    std::string action_name;
    codepipeline::Artifact output;
    /// The connection (GitHub, Bitbucket, GitLab) the pipeline's role uses.
    std::string connection_arn;
    std::string owner;
    std::string repo;
    /// Defaults to `master`, as aws-cdk-lib.
    std::string branch = "master";
    /// `DetectChanges`; rendered only when set (the service default is true).
    std::optional<bool> trigger_on_push;
    /// A full clone for CodeBuild (`OutputArtifactFormat: CODEBUILD_CLONE_REF`).
    bool code_build_clone_output = false;
    int run_order = 1;
    std::string variables_namespace;
};

/// A source from a CodeStar (CodeConnections) connection (CDK: CodeStarConnectionsSourceAction).
class CodeStarConnectionsSourceAction : public codepipeline::Action {
public:
    explicit CodeStarConnectionsSourceAction(const CodeStarConnectionsSourceActionProps& props);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;

private:
    CodeStarConnectionsSourceActionProps props_;
};

} // namespace cdk::codepipeline_actions
