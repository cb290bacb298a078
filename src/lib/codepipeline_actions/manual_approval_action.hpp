#pragma once

#include "lib/codepipeline/action.hpp"

#include <string>

namespace cdk::codepipeline_actions {

/// Props of a ManualApprovalAction (CDK: ManualApprovalActionProps).
struct ManualApprovalActionProps {
    std::string action_name;
    /// Shown to the reviewer (`CustomData`).
    std::string additional_information;
    /// A link for the reviewer (`ExternalEntityLink`).
    std::string external_entity_link;
    /// An SNS topic notified when the approval is pending (`NotificationArn`); the action role may publish.
    std::string notification_topic_arn;
    iam::IRole* role = nullptr;
    int run_order = 1;
};

/// A manual approval (CDK: ManualApprovalAction).
class ManualApprovalAction : public codepipeline::Action {
public:
    explicit ManualApprovalAction(const ManualApprovalActionProps& props);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;

private:
    ManualApprovalActionProps props_;
};

} // namespace cdk::codepipeline_actions
