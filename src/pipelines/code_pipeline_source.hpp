#pragma once

#include "lib/codecommit/repository.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "lib/codepipeline_actions/codecommit_source_action.hpp"
#include "lib/codepipeline_actions/codestar_connections_source_action.hpp"
#include "lib/codepipeline_actions/github_source_action.hpp"
#include "lib/codepipeline_actions/s3_source_action.hpp"
#include "lib/s3/bucket.hpp"
#include "lib/secretsmanager/secret_value.hpp"
#include "pipelines/step.hpp"

#include <memory>
#include <string>

namespace cdk::pipelines {

/// Options of CodePipelineSource::git_hub (CDK: GitHubSourceOptions).
struct GitHubSourceOptions {
    /// Defaults to `SecretValue::secrets_manager("github-token")`.
    std::optional<SecretValue> authentication;
    /// Defaults to a webhook.
    codepipeline_actions::GitHubTrigger trigger = codepipeline_actions::GitHubTrigger::Webhook;
};

/// Options of CodePipelineSource::connection (CDK: ConnectionSourceOptions).
struct ConnectionSourceOptions {
    /// The CodeStar / CodeConnections connection (required).
    std::string connection_arn;
    std::optional<bool> trigger_on_push;
    bool code_build_clone_output = false;
    /// The action's name instead of the repository string.
    std::string action_name;
};

/// Options of CodePipelineSource::code_commit (CDK: CodeCommitSourceOptions).
struct CodeCommitSourceOptions {
    /// Defaults to Events (a rule on the repository starts the pipeline).
    codepipeline_actions::CodeCommitTrigger trigger = codepipeline_actions::CodeCommitTrigger::Events;
    /// The role the events rule assumes; the pipeline's `EventsRole` when null.
    iam::IRole* event_role = nullptr;
    bool code_build_clone_output = false;
    /// The action's name instead of the repository name.
    std::string action_name;
};

/// Options of CodePipelineSource::s3 (CDK: S3SourceOptions).
struct S3SourceOptions {
    /// Unset: the service polls (`PollForSourceChanges` not rendered).
    std::optional<codepipeline_actions::S3Trigger> trigger;
    /// The action's name instead of the bucket name.
    std::string action_name;
    /// The role of the action; one the pipeline creates when null.
    iam::IRole* role = nullptr;
};

/// A source of a pipeline (CDK: CodePipelineSource); it goes into the `Source` stage.
class CodePipelineSource : public Step {
public:
    using Step::Step;
    [[nodiscard]] bool is_source() const override { return true; }
    [[nodiscard]] bool has_primary_output() const override { return true; }
    [[nodiscard]] std::string primary_output_id() const override { return "Source"; }
    /// Adds the source action producing `output` to `stage`.
    virtual void produce_action(codepipeline::Stage& stage, const std::string& action_name,
                                const codepipeline::Artifact& output, int run_order) const = 0;

    /// A GitHub repository `owner/repo` at `branch` (GitHub v1 with an OAuth token).
    [[nodiscard]] static std::shared_ptr<CodePipelineSource> git_hub(const std::string& repo_string,
                                                                     const std::string& branch,
                                                                     const GitHubSourceOptions& options = {});
    /// A repository `owner/repo` (or `owner/group/.../repo`) at `branch` through a CodeStar connection.
    [[nodiscard]] static std::shared_ptr<CodePipelineSource>
    connection(const std::string& repo_string, const std::string& branch,
               const ConnectionSourceOptions& options);
    /// A CodeCommit repository at `branch`; the step id and the action name are the repository's name (its
    /// construct address when the name is a token), as aws-cdk-lib names them.
    [[nodiscard]] static std::shared_ptr<CodePipelineSource>
    code_commit(codecommit::IRepository& repository, const std::string& branch,
                const CodeCommitSourceOptions& options = {});
    /// An object `object_key` of `bucket`; the action is named after the bucket, as aws-cdk-lib names it.
    [[nodiscard]] static std::shared_ptr<CodePipelineSource>
    s3(s3::IBucket& bucket, const std::string& object_key, const S3SourceOptions& options = {});
};

} // namespace cdk::pipelines
