#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <string>
#include <vector>

namespace cdk::localcloud::codepipeline {

/// What an action is, from its actionTypeId: the kinds localcloud runs.
enum class ActionKind { GitHubSource, ConnectionSource, S3Source, CodeBuild, ManualApproval, CloudFormation };

/// The kind of an action declaration (its actionTypeId); ActionTypeNotFoundException for a type localcloud
/// does not run, naming it.
[[nodiscard]] Result<ActionKind> action_kind(const Json& action);

/// An action's runOrder (1 when absent).
[[nodiscard]] int run_order(const Json& action);

/// A string member of a JSON object, "" when absent or not a string.
[[nodiscard]] std::string str(const Json& object, const char* key);

/// Checks a pipeline declaration as CodePipeline does before it stores it (InvalidStructureException or
/// ValidationException in CodePipeline's words): names, at least two stages, only source actions in the first
/// stage and none elsewhere, unique stage/action/artifact names and namespaces, each input artifact produced
/// by an earlier action, run orders 1..999, one artifact store, the configuration each action type requires.
/// Fills in what CodePipeline adds: runOrder 1, version, empty lists, executionMode SUPERSEDED, pipelineType
/// V1.
[[nodiscard]] Result<Json> normalize_pipeline(const Json& declaration);

} // namespace cdk::localcloud::codepipeline
