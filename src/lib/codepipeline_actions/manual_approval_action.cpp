#include "lib/codepipeline_actions/manual_approval_action.hpp"

namespace cdk::codepipeline_actions {

ManualApprovalAction::ManualApprovalAction(const ManualApprovalActionProps& props)
    : codepipeline::Action({.action_name = props.action_name,
                            .category = codepipeline::ActionCategory::Approval,
                            .provider = "Manual",
                            .run_order = props.run_order,
                            .role = props.role}),
      props_(props) {}

codepipeline::ActionConfig ManualApprovalAction::bind(Construct& /*scope*/, codepipeline::Stage& /*stage*/,
                                                      const codepipeline::ActionBindOptions& options) {
    codepipeline::ActionConfig config;
    if (!props_.notification_topic_arn.empty()) {
        // CDK: topic.grantPublish(options.role).
        options.role.add_to_policy(
            iam::PolicyStatement({.actions = {"sns:Publish"}, .resources = {props_.notification_topic_arn}}));
        config.configuration["NotificationArn"] = props_.notification_topic_arn;
    }
    if (!props_.additional_information.empty())
        config.configuration["CustomData"] = props_.additional_information;
    if (!props_.external_entity_link.empty()) {
        config.configuration["ExternalEntityLink"] = props_.external_entity_link;
    }
    return config;
}

} // namespace cdk::codepipeline_actions
