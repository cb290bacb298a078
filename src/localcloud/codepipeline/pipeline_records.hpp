#pragma once

#include "core/json.hpp"
#include "localcloud/state/store.hpp"

#include <string>

/// The store keys and record helpers the CodePipeline API and engine share.
namespace cdk::localcloud::codepipeline::records {

inline constexpr const char* kPipelineKind = "codepipeline:pipeline";
inline constexpr const char* kExecutionKind = "codepipeline:execution";
/// Pipelines with executions in progress, across accounts and regions (scope "", ""), named
/// `<account>/<region>/<pipeline>`.
inline constexpr const char* kActiveKind = "codepipeline:active";

/// Every pipeline, across accounts and regions (scope "", ""), named `<account>/<region>/<pipeline>`: what
/// the source watcher subscribes again after a restart.
inline constexpr const char* kIndexKind = "codepipeline:index";

inline Scope scope(const std::string& account, const std::string& region) {
    return Scope{account, region};
}
inline std::string execution_key(const std::string& pipeline, const std::string& id) {
    return pipeline + "/" + id;
}
inline std::string pipeline_key(const std::string& account, const std::string& region,
                                const std::string& pipeline) {
    return account + "/" + region + "/" + pipeline;
}

/// Now as ISO-8601 with milliseconds (what the codec writes as an epoch timestamp).
[[nodiscard]] std::string now_iso();

/// Whether an execution status is terminal.
[[nodiscard]] bool is_terminal(const std::string& status);

/// The stage record of execution `exec` named `stage` (nullptr when none).
[[nodiscard]] Json* find_stage(Json& exec, const std::string& stage);

} // namespace cdk::localcloud::codepipeline::records
