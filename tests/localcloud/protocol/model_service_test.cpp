#include "localcloud/protocol/model_service.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud {
namespace {

const aws::protocol::ServiceModel& model(const char* name) {
    return *aws::protocol::ServiceModel::get(name).value();
}

ServerRequest json_request(const std::string& target, std::string body) {
    ServerRequest r;
    r.method = "POST";
    r.target = "/";
    r.path = "/";
    r.headers = {{"x-amz-target", target}, {"content-type", "application/x-amz-json-1.1"}};
    r.body = std::move(body);
    return r;
}

ServerRequest query_request(std::string body) {
    ServerRequest r;
    r.method = "POST";
    r.target = "/";
    r.path = "/";
    r.headers = {{"content-type", "application/x-www-form-urlencoded"}};
    r.body = std::move(body);
    return r;
}

TEST(ModelServiceTest, DecodesAndValidatesJsonRequests) {
    auto ok =
        decode_request(model("ssm"), json_request("AmazonSSM.PutParameter", R"({"Name":"/a","Value":"b"})"));
    ASSERT_TRUE(ok) << ok.error().to_string();
    EXPECT_EQ(ok->operation, "PutParameter");
    EXPECT_EQ(ok->input, Json::parse(R"({"Name":"/a","Value":"b"})"));
    auto missing = decode_request(model("ssm"), json_request("AmazonSSM.PutParameter", R"({"Value":"b"})"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ValidationException");
    EXPECT_EQ(missing.error().message, "1 validation error detected: Value null at 'name' failed to satisfy "
                                       "constraint: Member must not be null");
    auto unknown = decode_request(model("ssm"), json_request("AmazonSSM.Explode", "{}"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "UnknownOperationException");
}

TEST(ModelServiceTest, DecodesAndValidatesQueryRequests) {
    auto ok = decode_request(model("iam"), query_request("Action=TagRole&Version=2010-05-08&RoleName=r&"
                                                         "Tags.member.1.Key=k&Tags.member.1.Value=v%20w"));
    ASSERT_TRUE(ok) << ok.error().to_string();
    EXPECT_EQ(ok->input, Json::parse(R"({"RoleName":"r","Tags":[{"Key":"k","Value":"v w"}]})"));
    auto wrong = decode_request(model("iam"), query_request("Action=ListRoles&MaxItems=many"));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, "InvalidParameterValue");
}

// A percent-escape that decodes to no UTF-8 (`%FF`) must not reach a store that renders it back.
TEST(ModelServiceTest, QueryInputThatIsNotUtf8IsMalformedQueryString) {
    auto r = decode_request(model("iam"), query_request("Action=CreateUser&UserName=a%FFb"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "MalformedQueryString");
    EXPECT_EQ(r.error().http_status, 400);
}

// JSON nested 48,000 levels overflowed the stack of whatever walked it after parsing (SIGSEGV).
TEST(ModelServiceTest, DeeplyNestedJsonBodyIsSerializationException) {
    const std::string body = "{\"Tags\":" + std::string(48000, '[') + std::string(48000, ']') + "}";
    const auto p = decode_request(model("ssm"), json_request("AmazonSSM.PutParameter", body));
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, "SerializationException");
}

// A JSON body that is not an object made the handlers' `in.value(...)` throw type_error.306 (HTTP fuzz, seed
// 7).
TEST(ModelServiceTest, JsonBodyThatIsNoObjectIsSerializationException) {
    for (const std::string& body : {std::string("\"fuzz\""), std::string("[1]"),
                                    std::string("\"fuzz\"\0}[", 8), std::string("{not json")}) {
        const auto p = decode_request(model("sqs"), json_request("AmazonSQS.CreateQueue", body));
        ASSERT_FALSE(p) << body;
        EXPECT_EQ(p.error().code, "SerializationException");
    }
}

} // namespace
} // namespace cdk::localcloud
