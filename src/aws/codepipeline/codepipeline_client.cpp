#include "aws/codepipeline/codepipeline_client.hpp"

namespace cdk::aws::codepipeline {

Result<CodePipelineClient> CodePipelineClient::create(const auth::Session& session) {
    auto client = session.client("codepipeline");
    if (!client) return client.error();
    return CodePipelineClient(std::move(*client));
}

Result<std::string> CodePipelineClient::start_pipeline_execution(const std::string& pipeline) const {
    auto out = client_.call("StartPipelineExecution", {{"name", pipeline}});
    if (!out) return out.error();
    return out->value("pipelineExecutionId", "");
}

Result<Json> CodePipelineClient::get_pipeline_state(const std::string& pipeline) const {
    auto out = client_.call("GetPipelineState", {{"name", pipeline}});
    if (!out) return out.error();
    out->erase("ResponseMetadata");
    return *out;
}

Result<Json> CodePipelineClient::get_pipeline_execution(const std::string& pipeline,
                                                        const std::string& execution_id) const {
    auto out = client_.call("GetPipelineExecution",
                            {{"pipelineName", pipeline}, {"pipelineExecutionId", execution_id}});
    if (!out) return out.error();
    return (*out)["pipelineExecution"];
}

Result<Json> CodePipelineClient::get_pipeline(const std::string& pipeline) const {
    auto out = client_.call("GetPipeline", {{"name", pipeline}});
    if (!out) return out.error();
    out->erase("ResponseMetadata");
    return *out;
}

Result<void> CodePipelineClient::put_approval_result(const std::string& pipeline, const std::string& stage,
                                                     const std::string& action, const std::string& token,
                                                     const std::string& status,
                                                     const std::string& summary) const {
    auto out = client_.call("PutApprovalResult", {{"pipelineName", pipeline},
                                                  {"stageName", stage},
                                                  {"actionName", action},
                                                  {"token", token},
                                                  {"result", {{"status", status}, {"summary", summary}}}});
    if (!out) return out.error();
    return ok();
}

Result<Json> CodePipelineClient::get_pipeline(const std::string& pipeline, int version) const {
    auto out = client_.call("GetPipeline", {{"name", pipeline}, {"version", version}});
    if (!out) return out.error();
    out->erase("ResponseMetadata");
    return *out;
}

namespace {

/// Calls `op` page by page (`nextToken`), appending `list_key` of each page, until `max` items (0: all).
Result<Json> paginate(const AwsClient& client, const std::string& op, Json input, const std::string& list_key,
                      std::size_t max = 0) {
    Json all = Json::array();
    while (true) {
        auto page = client.call(op, input);
        if (!page) return page.error();
        for (auto& item : (*page)[list_key]) {
            if (max != 0 && all.size() >= max) return all;
            all.push_back(std::move(item));
        }
        const std::string next = page->value("nextToken", "");
        if (next.empty() || (max != 0 && all.size() >= max)) return all;
        input["nextToken"] = next;
    }
}

} // namespace

Result<Json> CodePipelineClient::list_pipelines() const {
    return paginate(client_, "ListPipelines", Json::object(), "pipelines");
}

Result<Json> CodePipelineClient::list_pipeline_executions(const std::string& pipeline, int max) const {
    return paginate(client_, "ListPipelineExecutions", {{"pipelineName", pipeline}},
                    "pipelineExecutionSummaries", static_cast<std::size_t>(max));
}

Result<Json> CodePipelineClient::list_action_executions(const std::string& pipeline,
                                                        const std::string& execution_id) const {
    return paginate(client_, "ListActionExecutions",
                    {{"pipelineName", pipeline}, {"filter", {{"pipelineExecutionId", execution_id}}}},
                    "actionExecutionDetails");
}

Result<void> CodePipelineClient::stop_pipeline_execution(const std::string& pipeline,
                                                         const std::string& execution_id, bool abandon,
                                                         const std::string& reason) const {
    Json in{{"pipelineName", pipeline}, {"pipelineExecutionId", execution_id}, {"abandon", abandon}};
    if (!reason.empty()) in["reason"] = reason;
    auto out = client_.call("StopPipelineExecution", in);
    if (!out) return out.error();
    return ok();
}

Result<std::string> CodePipelineClient::retry_stage_execution(const std::string& pipeline,
                                                              const std::string& stage,
                                                              const std::string& execution_id,
                                                              const std::string& mode) const {
    auto out = client_.call("RetryStageExecution", {{"pipelineName", pipeline},
                                                    {"stageName", stage},
                                                    {"pipelineExecutionId", execution_id},
                                                    {"retryMode", mode}});
    if (!out) return out.error();
    return out->value("pipelineExecutionId", "");
}

} // namespace cdk::aws::codepipeline
