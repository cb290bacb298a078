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
    testing::TestHttpServer server{[this](const ClientRequest& r) { return handle(r); }};

    testing::Reply handle(const ClientRequest& r) {
        const auto& model = *protocol::ServiceModel::get("codepipeline").value();
        auto sig = sigv4::parse_signature(r);
        if (!sig || !sigv4::verify_signature(r, *sig, "secret", sigv4::PathMode::Normalize)) {
            auto e = protocol::serialize_error(
                model, make_error("InvalidSignatureException", "bad signature", 403), "x");
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
                   {"stageStates",
                    Json::array({Json{{"stageName", "Prod"},
                                      {"actionStates", Json::array({Json{{"actionName", "Approve"},
                                                                         {"latestExecution",
                                                                          {{"status", "InProgress"},
                                                                           {"token", "tok-1"}}}}})}}})}};
        } else if (parsed->operation == "GetPipelineExecution") {
            out = {{"pipelineExecution",
                    {{"pipelineExecutionId", parsed->input["pipelineExecutionId"]},
                     {"status", "InProgress"},
                     {"pipelineName", parsed->input["pipelineName"]}}}};
        } else if (parsed->operation == "PutApprovalResult") {
            if (parsed->input["token"] != "tok-1") {
                auto e = protocol::serialize_error(
                    model, make_error("InvalidApprovalTokenException", "stale token", 400), "x");
                return {e.status, e.headers, e.body};
            }
            out = {{"approvedAt", "2026-01-02T03:04:05Z"}};
        } else if (parsed->operation == "ListPipelines") {
            // Two pages: a, b, then c.
            if (!parsed->input.contains("nextToken")) {
                out = {{"pipelines", Json::array({Json{{"name", "a"}}, Json{{"name", "b"}}})},
                       {"nextToken", "page2"}};
            } else {
                out = {{"pipelines", Json::array({Json{{"name", "c"}}})}};
            }
        } else if (parsed->operation == "ListPipelineExecutions") {
            const int from = parsed->input.contains("nextToken") ? 2 : 0;
            out = {{"pipelineExecutionSummaries",
                    Json::array({Json{{"pipelineExecutionId", "e" + std::to_string(from)}},
                                 Json{{"pipelineExecutionId", "e" + std::to_string(from + 1)}}})},
                   {"nextToken", "more"}};
        } else if (parsed->operation == "ListActionExecutions") {
            out = {{"actionExecutionDetails",
                    Json::array({Json{{"pipelineExecutionId", parsed->input["filter"]["pipelineExecutionId"]},
                                      {"actionName", "Synth"}}})}};
        } else if (parsed->operation == "RetryStageExecution") {
            out = {{"pipelineExecutionId", parsed->input["pipelineExecutionId"]}};
        }
        auto resp = protocol::serialize_response(model, parsed->operation, out, "rid");
        return {resp.status, resp.headers, resp.body};
    }
};

CodePipelineClient client_for(const PipelineStub& stub) {
    ClientConfig config;
    config.endpoint = {stub.server.url(), "ap-southeast-2", true, "stub"};
    config.credentials =
        std::make_shared<StaticCredentialsProvider>(Credentials{"AKID", "secret", "", std::nullopt}, "t");
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

TEST(CodePipelineClientTest, ListsEveryPageStopsAndRetries) {
    PipelineStub stub;
    auto cp = client_for(stub);
    auto pipelines = cp.list_pipelines();
    ASSERT_TRUE(pipelines) << pipelines.error().to_string();
    ASSERT_EQ(pipelines->size(), 3u);
    EXPECT_EQ((*pipelines)[2]["name"], "c");
    EXPECT_EQ(stub.seen[1].input["nextToken"], "page2");

    auto three = cp.list_pipeline_executions("P", 3); // the second page is cut at the maximum
    ASSERT_TRUE(three);
    ASSERT_EQ(three->size(), 3u);
    EXPECT_EQ((*three)[2]["pipelineExecutionId"], "e2");
    auto one = cp.list_pipeline_executions("P", 1);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->size(), 1u);

    auto details = cp.list_action_executions("P", "exec-9");
    ASSERT_TRUE(details);
    EXPECT_EQ((*details)[0]["pipelineExecutionId"], "exec-9");

    stub.seen.clear();
    ASSERT_TRUE(cp.stop_pipeline_execution("P", "exec-9", true, "bad commit"));
    EXPECT_EQ(stub.seen[0].input["abandon"], true);
    EXPECT_EQ(stub.seen[0].input["reason"], "bad commit");
    EXPECT_EQ(cp.retry_stage_execution("P", "Dev", "exec-9", "FAILED_ACTIONS").value(), "exec-9");
    EXPECT_EQ(stub.seen[1].input["retryMode"], "FAILED_ACTIONS");
    EXPECT_EQ(stub.seen[1].input["stageName"], "Dev");
}

} // namespace
} // namespace cdk::aws::codepipeline
