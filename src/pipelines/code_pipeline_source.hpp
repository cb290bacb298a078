#pragma once

#include "lib/codepipeline/pipeline.hpp"
#include "lib/codepipeline_actions/codestar_connections_source_action.hpp"
#include "lib/codepipeline_actions/github_source_action.hpp"
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
};

} // namespace cdk::pipelines
