#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"

namespace cdk::aws::codepipeline {

/// Typed client for AWS CodePipeline: pipelines, executions, their actions, approvals, stop and retry.
class CodePipelineClient {
public:
    explicit CodePipelineClient(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<CodePipelineClient> create(const auth::Session& session);

    /// Starts an execution; returns its id.
    [[nodiscard]] Result<std::string> start_pipeline_execution(const std::string& pipeline) const;
    /// GetPipelineState: stageStates with their actions (approval tokens live there).
    [[nodiscard]] Result<Json> get_pipeline_state(const std::string& pipeline) const;
    /// GetPipelineExecution: the pipelineExecution object.
    [[nodiscard]] Result<Json> get_pipeline_execution(const std::string& pipeline,
                                                      const std::string& execution_id) const;
    [[nodiscard]] Result<Json> get_pipeline(const std::string& pipeline) const;
    /// Approves or rejects a manual approval action ("Approved" / "Rejected").
    [[nodiscard]] Result<void> put_approval_result(const std::string& pipeline, const std::string& stage,
                                                   const std::string& action, const std::string& token,
                                                   const std::string& status,
                                                   const std::string& summary) const;

    /// GetPipeline of one version (the declaration an execution runs).
    [[nodiscard]] Result<Json> get_pipeline(const std::string& pipeline, int version) const;
    /// ListPipelines, every page: the pipeline summaries (name, version, created, updated).
    [[nodiscard]] Result<Json> list_pipelines() const;
    /// ListPipelineExecutions, newest first, up to `max` (every page until then).
    [[nodiscard]] Result<Json> list_pipeline_executions(const std::string& pipeline, int max) const;
    /// ListActionExecutions of one execution, every page.
    [[nodiscard]] Result<Json> list_action_executions(const std::string& pipeline,
                                                      const std::string& execution_id) const;
    /// StopPipelineExecution (abandon: do not wait for running actions).
    [[nodiscard]] Result<void> stop_pipeline_execution(const std::string& pipeline,
                                                       const std::string& execution_id, bool abandon,
                                                       const std::string& reason) const;
    /// RetryStageExecution (`FAILED_ACTIONS` or `ALL_ACTIONS`); returns the execution id.
    [[nodiscard]] Result<std::string> retry_stage_execution(const std::string& pipeline,
                                                            const std::string& stage,
                                                            const std::string& execution_id,
                                                            const std::string& mode) const;

    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    AwsClient client_;
};

} // namespace cdk::aws::codepipeline
