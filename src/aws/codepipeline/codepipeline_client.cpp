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

Result<Json> CodePipelineClient::get_pipeline_execution(const std::string& pipeline, const std::string& execution_id) const {
    auto out = client_.call("GetPipelineExecution", {{"pipelineName", pipeline}, {"pipelineExecutionId", execution_id}});
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
                                                     const std::string& status, const std::string& summary) const {
    auto out = client_.call("PutApprovalResult", {{"pipelineName", pipeline},
                                                  {"stageName", stage},
                                                  {"actionName", action},
                                                  {"token", token},
                                                  {"result", {{"status", status}, {"summary", summary}}}});
    if (!out) return out.error();
    return ok();
}

} // namespace cdk::aws::codepipeline
