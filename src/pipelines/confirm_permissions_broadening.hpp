#pragma once

#include "pipelines/step.hpp"

#include <string>

namespace cdk {
class Stage;
}
namespace cdk::sns {
class ITopic;
}

namespace cdk::pipelines {

/// Props of a ConfirmPermissionsBroadening step (CDK: PermissionsBroadeningCheckProps).
struct PermissionsBroadeningCheckProps {
    /// The app stage whose stacks are checked (`STAGE_PATH`: its construct path; the stacks `<path>/*`).
    /// aws-cdk-lib does not require it to be the stage the step is added with, and neither does cdkpp.
    Stage* stage = nullptr;
    /// Notified (`sns publish`) when the permissions broaden; the check project may publish to it.
    sns::ITopic* notification_topic = nullptr;
};

/// Pauses the pipeline when a stage's deployment would broaden permissions (CDK:
/// ConfirmPermissionsBroadening): a CodeBuild action `<id>.Check` runs `cdkpp diff --security-only --fail`
/// over the stage's stacks and, when nothing broadens, a Lambda approves the `<id>.Confirm` manual approval
/// that follows it. The project and the Lambda are shared by the pipeline (`PipelinesSecurityCheck`).
class ConfirmPermissionsBroadening : public Step {
public:
    ConfirmPermissionsBroadening(std::string id, PermissionsBroadeningCheckProps props);
    [[nodiscard]] const PermissionsBroadeningCheckProps& props() const { return props_; }

private:
    PermissionsBroadeningCheckProps props_;
};

} // namespace cdk::pipelines
