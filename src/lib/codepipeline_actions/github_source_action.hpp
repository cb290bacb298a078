#pragma once

#include "lib/codepipeline/action.hpp"
#include "lib/secretsmanager/secret_value.hpp"

#include <string>

namespace cdk::codepipeline_actions {

/// How a GitHub source action notices new commits (CDK: GitHubTrigger).
enum class GitHubTrigger { None, Poll, Webhook };

/// Props of a GitHubSourceAction (CDK: GitHubSourceActionProps).
struct GitHubSourceActionProps {
    std::string action_name;
    codepipeline::Artifact output;
    std::string owner;
    std::string repo;
    /// Defaults to `master`, as aws-cdk-lib.
    std::string branch = "master";
    /// A personal access token (`repo` and `admin:repo_hook` scopes).
    SecretValue oauth_token = SecretValue::secrets_manager("github-token");
    /// Defaults to a webhook (`AWS::CodePipeline::Webhook` `WebhookResource`).
    GitHubTrigger trigger = GitHubTrigger::Webhook;
    int run_order = 1;
    std::string variables_namespace;
};

/// The GitHub (version 1, OAuth) source action (CDK: GitHubSourceAction).
class GitHubSourceAction : public codepipeline::Action {
public:
    explicit GitHubSourceAction(const GitHubSourceActionProps& props);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;

private:
    GitHubSourceActionProps props_;
};

} // namespace cdk::codepipeline_actions
