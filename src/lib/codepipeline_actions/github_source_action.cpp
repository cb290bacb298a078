#include "lib/codepipeline_actions/github_source_action.hpp"

#include "lib/codepipeline/pipeline.hpp"
#include "tokens/errors.hpp"

namespace cdk::codepipeline_actions {

GitHubSourceAction::GitHubSourceAction(const GitHubSourceActionProps& props)
    : codepipeline::Action({.action_name = props.action_name,
                            .category = codepipeline::ActionCategory::Source,
                            .provider = "GitHub",
                            .owner = "ThirdParty",
                            .run_order = props.run_order,
                            .outputs = {props.output},
                            .variables_namespace = props.variables_namespace}),
      props_(props) {
    if (props.owner.empty() || props.repo.empty()) {
        throw ValidationError("GitHubSourceAction '" + props.action_name + "' needs an owner and a repo");
    }
}

codepipeline::ActionConfig GitHubSourceAction::bind(Construct& scope, codepipeline::Stage& stage,
                                                    const codepipeline::ActionBindOptions& /*options*/) {
    if (props_.trigger == GitHubTrigger::Webhook) {
        codepipeline::CfnWebhookProps webhook{
            .authentication = "GITHUB_HMAC",
            .authentication_configuration =
                Prop<codepipeline::CfnWebhookWebhookAuthConfigurationProperty>::raw(
                    {{"SecretToken", props_.oauth_token.to_string()}}),
            .filters = Prop<std::vector<codepipeline::CfnWebhookWebhookFilterRuleProperty>>::raw(
                Json::array({{{"JsonPath", "$.ref"}, {"MatchEquals", "refs/heads/{Branch}"}}})),
            .register_with_third_party = true,
            .target_action = properties_.action_name,
            .target_pipeline = stage.pipeline().pipeline_name(),
            .target_pipeline_version = l1::Integer(1),
        };
        make<codepipeline::CfnWebhook>(scope, "WebhookResource", webhook);
    }
    return {.configuration = {{"Owner", props_.owner},
                              {"Repo", props_.repo},
                              {"Branch", props_.branch},
                              {"OAuthToken", props_.oauth_token.to_string()},
                              {"PollForSourceChanges", props_.trigger == GitHubTrigger::Poll}}};
}

} // namespace cdk::codepipeline_actions
