// moto cannot run pipelines (no StartPipelineExecution, GetPipelineState, GetPipelineExecution or
// PutApprovalResult), so these calls go over HTTP to a loopback stub that decodes them with the shared
// server-side codec and answers in the JSON 1.1 protocol.
#include "aws/codepipeline/codepipeline_client.hpp"

#include "aws/protocol/codec.hpp"
#include "aws/sigv4/verifier.hpp"
#include "aws/support/test_http_server.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::codepipeline {
namespace {

struct PipelineStub {
    std::vector<protocol::ParsedRequest> seen;
    testing::TestHttpServer server{[this](const HttpRequest& r) { return handle(r); }};

    testing::Reply handle(const HttpRequest& r) {
        const auto& model = *protocol::ServiceModel::get("codepipeline").value();
        auto sig = sigv4::parse_signature(r);
        if (!sig || !sigv4::verify_signature(r, *sig, "secret", sigv4::PathMode::Normalize)) {
            auto e = protocol::serialize_error(model, make_error("InvalidSignatureException", "bad signature", 403), "x");
            return {e.status, e.headers, e.body};
        }
        auto parsed = protocol::parse_request(model, r);
        if (!parsed) {
            auto e = protocol::serialize_error(model, parsed.error(), "x");
            return {e.status, e.headers, e.body};
        }
        seen.push_back(*parsed);
        Json out = Json::object();
        if (parsed->operation == "StartPipelineExecution") {
            out = {{"pipelineExecutionId", "exec-1"}};
        } else if (parsed->operation == "GetPipelineState") {
            out = {{"pipelineName", parsed->input["name"]},
                   {"stageStates", Json::array({Json{{"stageName", "Prod"},
                                                     {"actionStates", Json::array({Json{
                                                          {"actionName", "Approve"},
                                                          {"latestExecution", {{"status", "InProgress"}, {"token", "tok-1"}}}}})}}})}};
        } else if (parsed->operation == "GetPipelineExecution") {
            out = {{"pipelineExecution", {{"pipelineExecutionId", parsed->input["pipelineExecutionId"]},
                                          {"status", "InProgress"}, {"pipelineName", parsed->input["pipelineName"]}}}};
        } else if (parsed->operation == "PutApprovalResult") {
            if (parsed->input["token"] != "tok-1") {
                auto e = protocol::serialize_error(model, make_error("InvalidApprovalTokenException", "stale token", 400), "x");
                return {e.status, e.headers, e.body};
            }
            out = {{"approvedAt", "2026-01-02T03:04:05Z"}};
        }
        auto resp = protocol::serialize_response(model, parsed->operation, out, "rid");
        return {resp.status, resp.headers, resp.body};
    }
};

CodePipelineClient client_for(const PipelineStub& stub) {
    ClientConfig config;
    config.endpoint = {stub.server.url(), "ap-southeast-2", true, "stub"};
    config.credentials = std::make_shared<StaticCredentialsProvider>(Credentials{"AKID", "secret", "", std::nullopt}, "t");
    return CodePipelineClient(AwsClient::create("codepipeline", config).value());
}

TEST(CodePipelineClientTest, StartStateExecutionAndApproval) {
    PipelineStub stub;
    auto cp = client_for(stub);
    EXPECT_EQ(cp.start_pipeline_execution("Pipeline").value(), "exec-1");
    auto state = cp.get_pipeline_state("Pipeline");
    ASSERT_TRUE(state) << state.error().to_string();
    const std::string token = (*state)["stageStates"][0]["actionStates"][0]["latestExecution"]["token"];
    EXPECT_EQ(token, "tok-1");
    auto execution = cp.get_pipeline_execution("Pipeline", "exec-1");
    ASSERT_TRUE(execution);
    EXPECT_EQ((*execution)["status"], "InProgress");
    ASSERT_TRUE(cp.put_approval_result("Pipeline", "Prod", "Approve", token, "Approved", "looks good"));
    auto stale = cp.put_approval_result("Pipeline", "Prod", "Approve", "old", "Rejected", "no");
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, "InvalidApprovalTokenException");

    ASSERT_EQ(stub.seen.size(), 5u);
    EXPECT_EQ(stub.seen[0].input["name"], "Pipeline");
    EXPECT_EQ(stub.seen[0].input["clientRequestToken"].get<std::string>().size(), 36u);
    EXPECT_EQ(stub.seen[3].input["result"]["status"], "Approved");
    EXPECT_EQ(stub.seen[3].input["stageName"], "Prod");
}

} // namespace
} // namespace cdk::aws::codepipeline
