#include "aws/protocol/codec.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::protocol {
namespace {

const ServiceModel& model(const char* name) {
    return *ServiceModel::get(name).value();
}

Json without_metadata(Json j) {
    j.erase("ResponseMetadata");
    return j;
}

TEST(JsonCodecTest, SsmRequestHasTargetAndRoundTrips) {
    const auto& ssm = model("ssm");
    const Json input{{"Name", "/cdk-bootstrap/myapp/version"}, {"WithDecryption", true}};
    auto request = serialize_request(ssm, "GetParameter", input);
    ASSERT_TRUE(request);
    EXPECT_EQ(find_header(request->headers, "x-amz-target").value_or(""), "AmazonSSM.GetParameter");
    EXPECT_EQ(find_header(request->headers, "content-type").value_or(""), "application/x-amz-json-1.1");
    EXPECT_EQ(Json::parse(request->body), input);
    auto parsed = parse_request(ssm, *request);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->operation, "GetParameter");
    EXPECT_EQ(parsed->input, input);
}

TEST(JsonCodecTest, TimestampsTravelAsEpochSeconds) {
    const auto& ssm = model("ssm");
    const Json output{{"Parameter",
                       {{"Name", "/p"},
                        {"Type", "String"},
                        {"Value", "33"},
                        {"Version", 2},
                        {"LastModifiedDate", "2026-01-02T03:04:05Z"}}}};
    const auto response = serialize_response(ssm, "GetParameter", output, "rid");
    EXPECT_EQ(Json::parse(response.body)["Parameter"]["LastModifiedDate"], 1767323045.0);
    auto parsed = parse_response(ssm, "GetParameter", response);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(without_metadata(*parsed), output);
    EXPECT_EQ((*parsed)["ResponseMetadata"]["RequestId"], "rid");
}

TEST(JsonCodecTest, KmsBlobsAreBase64OnTheWire) {
    const auto& kms = model("kms");
    const std::string plaintext("secret\x00\xff", 8);
    auto request = serialize_request(kms, "Encrypt", {{"KeyId", "alias/x"}, {"Plaintext", plaintext}});
    ASSERT_TRUE(request);
    EXPECT_EQ(Json::parse(request->body)["Plaintext"], "c2VjcmV0AP8=");
    EXPECT_EQ(find_header(request->headers, "x-amz-target").value_or(""), "TrentService.Encrypt");
    auto parsed = parse_request(kms, *request);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->input["Plaintext"].get<std::string>(), plaintext);
}

TEST(JsonCodecTest, IdempotencyTokenFilledWhenAbsent) {
    const auto& cp = model("codepipeline");
    auto request = serialize_request(cp, "StartPipelineExecution", {{"name", "Pipeline"}});
    ASSERT_TRUE(request);
    const Json body = Json::parse(request->body);
    ASSERT_TRUE(body.contains("clientRequestToken"));
    EXPECT_EQ(body["clientRequestToken"].get<std::string>().size(), 36u);
    auto kept = serialize_request(cp, "StartPipelineExecution",
                                  {{"name", "Pipeline"}, {"clientRequestToken", "mine"}});
    EXPECT_EQ(Json::parse(kept->body)["clientRequestToken"], "mine");
}

TEST(JsonCodecTest, FailsOnWrongTypesAndTargets) {
    const auto& ssm = model("ssm");
    ClientRequest r;
    r.method = "POST";
    r.headers = {{"X-Amz-Target", "AmazonSSM.GetParameter"}};
    r.body = R"({"Name": 5})";
    EXPECT_EQ(parse_request(ssm, r).error().code, "SerializationException");
    r.body = "{not json";
    EXPECT_EQ(parse_request(ssm, r).error().code, "SerializationException");
    r.headers = {{"X-Amz-Target", "TrentService.GetParameter"}};
    r.body = "{}";
    EXPECT_EQ(parse_request(ssm, r).error().code, "UnknownOperationException");
}

TEST(JsonCodecTest, CodePipelineStateRoundTrip) {
    const auto& cp = model("codepipeline");
    Json latest{{"status", "InProgress"}, {"token", "tok"}, {"lastStatusChange", "2026-01-02T03:04:05Z"}};
    Json action{{"actionName", "Approve"}, {"latestExecution", latest}};
    Json stage{{"stageName", "Prod"}, {"actionStates", Json::array({action})}};
    Json output{{"pipelineName", "Pipeline"}, {"pipelineVersion", 3}, {"stageStates", Json::array({stage})}};
    auto parsed =
        parse_response(cp, "GetPipelineState", serialize_response(cp, "GetPipelineState", output, "x"));
    ASSERT_TRUE(parsed) << parsed.error().to_string();
    EXPECT_EQ(without_metadata(*parsed), output);
}

} // namespace
} // namespace cdk::aws::protocol
