#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"

namespace cdk::aws::codepipeline {

/// Typed client for AWS CodePipeline (start, get state/execution, put approval result).
class CodePipelineClient {
public:
    explicit CodePipelineClient(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<CodePipelineClient> create(const auth::Session& session);

    /// Starts an execution; returns its id.
    [[nodiscard]] Result<std::string> start_pipeline_execution(const std::string& pipeline) const;
    /// GetPipelineState: stageStates with their actions (approval tokens live there).
    [[nodiscard]] Result<Json> get_pipeline_state(const std::string& pipeline) const;
    /// GetPipelineExecution: the pipelineExecution object.
    [[nodiscard]] Result<Json> get_pipeline_execution(const std::string& pipeline, const std::string& execution_id) const;
    [[nodiscard]] Result<Json> get_pipeline(const std::string& pipeline) const;
    /// Approves or rejects a manual approval action ("Approved" / "Rejected").
    [[nodiscard]] Result<void> put_approval_result(const std::string& pipeline, const std::string& stage,
                                                   const std::string& action, const std::string& token,
                                                   const std::string& status, const std::string& summary) const;

    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    AwsClient client_;
};

} // namespace cdk::aws::codepipeline
