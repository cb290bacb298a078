#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::codepipeline {

/// CodePipeline's error codes (JSON 1.1 `__type`), HTTP 400 as CodePipeline sends them.
inline Error cp_error(const char* code, std::string message) {
    return make_error(code, std::move(message), 400);
}
inline constexpr ErrorCode validation{"ValidationException", 400};
inline constexpr ErrorCode invalid_structure{"InvalidStructureException", 400};
inline Error pipeline_not_found(const std::string& name) {
    return cp_error("PipelineNotFoundException", "Account does not have a pipeline with name '" + name + "'");
}
inline Error stage_not_found(const std::string& stage, const std::string& pipeline) {
    return cp_error("StageNotFoundException",
                    "Stage '" + stage + "' not found in pipeline '" + pipeline + "'");
}
inline Error execution_not_found(const std::string& pipeline, const std::string& id) {
    return cp_error("PipelineExecutionNotFoundException", "Pipeline execution with id '" + id +
                                                              "' does not exist in pipeline with name '" +
                                                              pipeline + "'");
}

} // namespace cdk::localcloud::codepipeline
