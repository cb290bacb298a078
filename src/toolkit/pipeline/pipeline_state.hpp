#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::toolkit::pipeline {

/// One action of a stage as the operator sees it: the declaration's facts and its latest execution.
struct ActionState {
    std::string name;
    std::string category; ///< Source, Build, Approval, Deploy, ...
    std::string provider; ///< GitHub, CodeBuild, Manual, CloudFormation, ...
    int run_order = 1;
    std::string status; ///< InProgress, Succeeded, Failed, Abandoned; empty: not run yet
    std::string summary;
    std::string error_code;
    std::string error_message;
    std::string external_id; ///< the build id, the commit, the stack id
    std::string token;       ///< an approval's token while it waits
    std::string last_change; ///< ISO 8601
    double seconds = -1;     ///< how long it ran (or has been running); -1 unknown

    [[nodiscard]] bool waiting_for_approval() const {
        return category == "Approval" && status == "InProgress" && !token.empty();
    }
};

/// One stage: its latest execution's status and its actions.
struct StageState {
    std::string name;
    std::string status; ///< of the stage's latest execution; empty: never entered
    std::string execution_id;
    bool inbound_enabled = true;
    std::string disabled_reason;
    std::string inbound_execution_id; ///< an execution waiting to enter
    std::vector<ActionState> actions;
};

/// A source revision of an execution.
struct SourceRevision {
    std::string action;
    std::string revision_id;
    std::string summary; ///< the commit message
    std::string url;
};

/// One execution in a pipeline's history.
struct ExecutionSummary {
    std::string id;
    std::string status; ///< InProgress, Stopping, Stopped, Succeeded, Superseded, Failed
    std::string summary;
    std::string trigger; ///< StartPipelineExecution, Webhook, CreatePipeline, ...
    std::string start_time;
    std::string last_update;
    double seconds = -1;
    std::vector<SourceRevision> revisions;
};

/// What `cdkpp pipeline status` shows.
struct PipelineStatus {
    std::string name;
    int version = 0;
    std::optional<ExecutionSummary> execution; ///< the latest; none before the first run
    std::vector<StageState> stages;

    [[nodiscard]] const StageState* stage(const std::string& name) const;
    /// The stages whose approval waits for a person.
    [[nodiscard]] std::vector<std::string> waiting_stages() const;
};

/// One line of `cdkpp pipeline list`.
struct PipelineSummary {
    std::string name;
    int version = 0;
    std::optional<ExecutionSummary> last_execution;
    std::vector<std::string> waiting_stages;
};

/// Seconds between two ISO 8601 timestamps (`2026-12-07T02:00:00.5Z`, `+00:00`); -1 when either is
/// unreadable.
[[nodiscard]] double seconds_between(const std::string& from, const std::string& to);
/// Seconds since the epoch of an ISO 8601 timestamp; nullopt when unreadable.
[[nodiscard]] std::optional<double> parse_timestamp(const std::string& iso);

/// Builds the status from GetPipeline (`declaration` = its `pipeline`), GetPipelineState, the latest
/// execution (GetPipelineExecution's `pipelineExecution` merged over its ListPipelineExecutions summary,
/// or null) and the ListActionExecutions details of the executions shown (for durations). `now` is
/// ISO 8601, for actions still running.
[[nodiscard]] PipelineStatus status_from(const Json& declaration, const Json& state, const Json& execution,
                                         const Json& action_executions, const std::string& now);

/// An execution summary from ListPipelineExecutions (or GetPipelineExecution) JSON.
[[nodiscard]] ExecutionSummary execution_from(const Json& summary, const std::string& now);

/// The status as JSON (`--json`), field names as CodePipeline's where they mean the same.
[[nodiscard]] Json status_to_json(const PipelineStatus& status);
[[nodiscard]] Json execution_to_json(const ExecutionSummary& execution);

/// The current time as ISO 8601 (UTC, milliseconds).
[[nodiscard]] std::string now_iso8601();

} // namespace cdk::toolkit::pipeline
