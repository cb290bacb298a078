#pragma once

#include "pipelines/step.hpp"

#include <string>

namespace cdk::pipelines {

/// Props of a ManualApprovalStep (CDK: ManualApprovalStepProps).
struct ManualApprovalStepProps {
    /// Shown to the reviewer.
    std::string comment;
    /// A link for the reviewer.
    std::string review_url;
};

/// A human approval before the pipeline goes on (CDK: ManualApprovalStep); its action is named after the id.
class ManualApprovalStep : public Step {
public:
    explicit ManualApprovalStep(std::string id, ManualApprovalStepProps props = {})
        : Step(std::move(id)), props_(std::move(props)) {}
    [[nodiscard]] const ManualApprovalStepProps& props() const { return props_; }

private:
    ManualApprovalStepProps props_;
};

} // namespace cdk::pipelines
