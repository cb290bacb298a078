#pragma once

#include "aws/logs/logs_client.hpp"
#include "core/result.hpp"
#include "toolkit/environments.hpp"
#include "toolkit/pipeline/approval_diff.hpp"
#include "toolkit/pipeline/pipeline_state.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cdk::toolkit {

/// `cdkpp pipeline list`: every pipeline of the account and region, its last execution, the stages
/// waiting for approval.
[[nodiscard]] Result<std::vector<pipeline::PipelineSummary>> list_pipelines(SessionPool& sessions);

/// The pipeline a command acts on: `name` when it exists (`PipelineNotFound` lists the ones there are),
/// or, when `name` is empty, the account's only pipeline (`PipelineNameRequired` when there are several).
[[nodiscard]] Result<std::string> resolve_pipeline(SessionPool& sessions, const std::string& name);

/// The pipelines a cloud assembly directory defines: the `Name` of every `AWS::CodePipeline::Pipeline` in the
/// templates of its top-level stacks (a PipelineStack), sorted. Empty when the directory holds no assembly;
/// a manifest or template that cannot be read is an error.
[[nodiscard]] Result<std::vector<std::string>> pipelines_in_assembly(const std::filesystem::path& directory);

/// `status`: the stages and actions of the pipeline as GetPipelineState shows them, with the latest
/// execution (revisions, trigger) and the actions' durations.
[[nodiscard]] Result<pipeline::PipelineStatus> pipeline_status(SessionPool& sessions,
                                                               const std::string& name);

/// `history`: the newest `max` executions.
[[nodiscard]] Result<std::vector<pipeline::ExecutionSummary>>
pipeline_history(SessionPool& sessions, const std::string& name, int max);

/// `start`: a new execution; its id.
[[nodiscard]] Result<std::string> start_pipeline(SessionPool& sessions, const std::string& name);

/// `stop`: stops the newest execution in progress (`abandon`: without waiting for running actions); its id.
/// `NothingToStop` when no execution is in progress.
[[nodiscard]] Result<std::string> stop_pipeline(SessionPool& sessions, const std::string& name, bool abandon,
                                                const std::string& reason);

/// `retry`: retries the failed actions of a stage's latest execution (`StageNotFailed` says what the stage
/// is doing otherwise); the execution id.
[[nodiscard]] Result<std::string> retry_stage(SessionPool& sessions, const std::string& name,
                                              const std::string& stage, bool all_actions);

/// A manual approval that waits for a person.
struct WaitingApproval {
    std::string pipeline;
    std::string stage;
    std::string action;
    std::string token;
    std::string execution_id;
};

/// The approval waiting at `stage` (`action` when the stage has several). Errors say what exists or what the
/// stage is doing instead: `StageNotFound` (lists the stages), `NoApprovalAction`, `ActionNotFound`,
/// `NothingWaiting` (where the latest execution is).
[[nodiscard]] Result<WaitingApproval> find_waiting_approval(const pipeline::PipelineStatus& status,
                                                            const std::string& stage,
                                                            const std::string& action);

/// What approving would deploy: the waiting approval and the change of every stack the stage deploys.
struct ApprovalReview {
    WaitingApproval approval;
    std::vector<pipeline::StackChange> changes;
};
[[nodiscard]] Result<ApprovalReview> review_approval(SessionPool& sessions, const std::string& name,
                                                     const std::string& stage, const std::string& action);

/// PutApprovalResult: Approved or Rejected with the summary. `ApproverNotAllowed` when the caller lacks
/// codepipeline:PutApprovalResult; `ApprovalNoLongerWaiting` when someone else was quicker.
[[nodiscard]] Result<void> put_approval(SessionPool& sessions, const WaitingApproval& approval, bool approve,
                                        const std::string& summary);

/// Where an action's build log is (the latest execution of a CodeBuild action).
struct BuildLogLocation {
    std::string action;
    std::string build_id;
    std::string build_status; ///< IN_PROGRESS, SUCCEEDED, FAILED, ...
    std::string group;
    std::string stream;
};
[[nodiscard]] Result<BuildLogLocation> find_build_log(SessionPool& sessions, const std::string& name,
                                                      const std::string& action);
/// The build's status again (for `--follow`).
[[nodiscard]] Result<std::string> build_status(SessionPool& sessions, const std::string& build_id);

/// One page of a build's log after `token` (empty: from the start).
[[nodiscard]] Result<aws::logs::LogPage> read_build_log(SessionPool& sessions, const BuildLogLocation& log,
                                                        const std::string& token);

/// One execution (GetPipelineExecution).
[[nodiscard]] Result<pipeline::ExecutionSummary>
pipeline_execution(SessionPool& sessions, const std::string& name, const std::string& execution_id);

/// Explains a CodePipeline error: a missing pipeline lists the ones there are; AccessDenied names the action.
[[nodiscard]] Error explain_pipeline_error(SessionPool& sessions, const Error& error,
                                           const std::string& pipeline, const std::string& operation);

} // namespace cdk::toolkit
