#pragma once

#include "lib/codecommit/repository.hpp"
#include "lib/codepipeline/action.hpp"

#include <optional>
#include <string>

namespace cdk::codepipeline_actions {

/// How a CodeCommit source action notices new commits (CDK: CodeCommitTrigger).
enum class CodeCommitTrigger { None, Poll, Events };

/// Props of a CodeCommitSourceAction (CDK: CodeCommitSourceActionProps).
struct CodeCommitSourceActionProps {
    std::string action_name;
    codepipeline::Artifact output;
    /// The repository (required).
    codecommit::IRepository* repository = nullptr;
    /// Defaults to `master`, or `main` with the feature flag
    /// `@aws-cdk/aws-codepipeline-actions:useNewDefaultBranchForCodeCommitSource`, as aws-cdk-lib.
    std::optional<std::string> branch;
    /// Defaults to Events: a rule on the repository (`<pipeline unique id>EventRule`) starting the pipeline.
    CodeCommitTrigger trigger = CodeCommitTrigger::Events;
    /// The role the events rule assumes to start the pipeline; the pipeline's `EventsRole` when null.
    iam::IRole* event_role = nullptr;
    /// A full clone for CodeBuild (`OutputArtifactFormat: CODEBUILD_CLONE_REF`; the action role may also
    /// `codecommit:GetRepository`).
    bool code_build_clone_output = false;
    iam::IRole* role = nullptr;
    int run_order = 1;
    std::string variables_namespace;
};

/// The variables a CodeCommit source action emits (CDK: CodeCommitSourceVariables).
struct CodeCommitSourceVariables {
    std::string repository_name;
    std::string branch_name;
    std::string author_date;
    std::string committer_date;
    std::string commit_id;
    std::string commit_message;
};

/// A source from a CodeCommit repository (CDK: CodeCommitSourceAction).
class CodeCommitSourceAction : public codepipeline::Action {
public:
    /// The output artifact's metadata key holding the repository ARN with code_build_clone_output; a
    /// CodeBuildAction reading the artifact grants its project `codecommit:GitPull` on it.
    static constexpr const char* kFullCloneArnProperty = "CodeCommitCloneRepositoryArn";

    explicit CodeCommitSourceAction(const CodeCommitSourceActionProps& props);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;
    /// `#{<namespace>.<Variable>}` for each output variable; throws without a variables_namespace.
    [[nodiscard]] CodeCommitSourceVariables variables() const;

private:
    CodeCommitSourceActionProps props_;
};

} // namespace cdk::codepipeline_actions
