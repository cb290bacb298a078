#include "pipelines/wave.hpp"

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
    stages_.push_back({.stage = &stage, .pre = options.pre, .post = options.post});
    return stages_.back();
}

} // namespace cdk::pipelines
