#pragma once

#include "constructs/stage.hpp"
#include "pipelines/step.hpp"

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace cdk {
class Stack;
}

namespace cdk::pipelines {

/// Steps around the deployment of one stack of a stage (CDK: StackSteps).
struct StackSteps {
    /// A stack of the stage being added.
    Stack* stack = nullptr;
    /// Before its change set is created (or, without change sets, before it is deployed).
    std::vector<StepPtr> pre;
    /// Between creating and executing its change set (needs use_change_sets).
    std::vector<StepPtr> change_set;
    /// After it is deployed; stacks that depend on it wait for these too.
    std::vector<StepPtr> post;
};

/// Options of CodePipeline::add_stage and Wave::add_stage (CDK: AddStageOpts).
struct AddStageOpts {
    /// Steps before the stage's stacks are deployed (e.g. a ManualApprovalStep).
    std::vector<StepPtr> pre;
    /// Steps after all its stacks are deployed.
    std::vector<StepPtr> post;
    /// Steps around the deployment of single stacks.
    std::vector<StackSteps> stack_steps;
};

/// Options of CodePipeline::add_wave (CDK: WaveOptions).
struct WaveOptions {
    std::vector<StepPtr> pre;
    std::vector<StepPtr> post;
};

/// An app Stage deployed by the pipeline (CDK: StageDeployment).
struct StageDeployment {
    Stage* stage = nullptr;
    std::vector<StepPtr> pre;
    std::vector<StepPtr> post;
    std::vector<StackSteps> stack_steps;
};

/// Stages deployed in parallel, in one pipeline stage (CDK: Wave).
class Wave {
public:
    Wave(std::string id, WaveOptions options, const bool* built)
        : id_(std::move(id)), options_(std::move(options)), built_(built) {}

    [[nodiscard]] const std::string& id() const { return id_; }
    /// Deploys `stage` in this wave, after `pre` and before `post`.
    StageDeployment& add_stage(Stage& stage, const AddStageOpts& options = {});
    void add_pre(StepPtr step) { options_.pre.push_back(std::move(step)); }
    void add_post(StepPtr step) { options_.post.push_back(std::move(step)); }
    [[nodiscard]] const std::vector<StepPtr>& pre() const { return options_.pre; }
    [[nodiscard]] const std::vector<StepPtr>& post() const { return options_.post; }
    [[nodiscard]] const std::deque<StageDeployment>& stages() const { return stages_; }

private:
    std::string id_;
    WaveOptions options_;
    const bool* built_;
    std::deque<StageDeployment> stages_;
};

} // namespace cdk::pipelines
