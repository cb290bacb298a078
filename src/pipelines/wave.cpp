#include "pipelines/wave.hpp"

#include "constructs/stack.hpp"
#include "tokens/errors.hpp"

namespace cdk::pipelines {

StageDeployment& Wave::add_stage(Stage& stage, const AddStageOpts& options) {
    if (built_ != nullptr && *built_) {
        throw ValidationError("addStage: can't add Stages anymore after buildPipeline() has been called",
                              stage.node().path());
    }
    for (const auto& existing : stages_) {
        if (existing.stage == &stage) {
            throw ValidationError("stage '" + stage.stage_name() + "' is already in wave '" + id_ + "'",
                                  stage.node().path());
        }
    }
    for (const StackSteps& steps : options.stack_steps) {
        if (steps.stack == nullptr) {
            throw ValidationError("stack_steps of stage '" + stage.stage_name() + "' need a stack",
                                  stage.node().path());
        }
        if (Stage::of(*steps.stack) != &stage) {
            throw ValidationError("stack_steps: stack " + steps.stack->node().path() +
                                      " is not a stack of stage '" + stage.stage_name() + "' (" +
                                      stage.node().path() + ")",
                                  stage.node().path());
        }
    }
    stages_.push_back(
        {.stage = &stage, .pre = options.pre, .post = options.post, .stack_steps = options.stack_steps});
    return stages_.back();
}

} // namespace cdk::pipelines
