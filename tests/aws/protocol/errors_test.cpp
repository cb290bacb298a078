#include "aws/protocol/codec.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::protocol {
namespace {

const ServiceModel& model(const char* name) {
    return *ServiceModel::get(name).value();
}

TEST(ErrorsTest, RoundTripInEveryProtocol) {
    for (const char* service : {"sts", "ssm", "s3", "lambda"}) {
        const Error sent =
            make_error("AccessDenied", "user is not authorized to perform: sts:AssumeRole", 403);
        const HttpResponse response = serialize_error(model(service), sent, "req-42");
        EXPECT_EQ(response.status, 403) << service;
        const Error got = parse_error(model(service), response);
        EXPECT_EQ(got.code, "AccessDenied") << service;
        EXPECT_EQ(got.message, sent.message) << service;
        EXPECT_EQ(got.request_id, "req-42") << service;
        EXPECT_EQ(got.http_status, 403) << service;
    }
}

TEST(ErrorsTest, DecodesAwsShapes) {
    HttpResponse query{400, {}, R"(<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id Prod does not exist</Message></Error>
  <RequestId>abc</RequestId></ErrorResponse>)"};
    const Error e = parse_error(model("cloudformation"), query);
    EXPECT_EQ(e.code, "ValidationError");
    EXPECT_EQ(e.message, "Stack with id Prod does not exist");
    EXPECT_EQ(e.request_id, "abc");

    HttpResponse json{400,
                      {{"x-amzn-RequestId", "r1"}},
                      R"({"__type":"com.amazonaws.ssm#ParameterNotFound","message":"not there"})"};
    const Error j = parse_error(model("ssm"), json);
    EXPECT_EQ(j.code, "ParameterNotFound");
    EXPECT_EQ(j.request_id, "r1");

    HttpResponse rest_json{404,
                           {{"X-Amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/"}},
                           R"({"Type":"User","Message":"Function not found"})"};
    const Error l = parse_error(model("lambda"), rest_json);
    EXPECT_EQ(l.code, "ResourceNotFoundException");
    EXPECT_EQ(l.message, "Function not found");

    HttpResponse s3{404,
                    {{"x-amz-request-id", "s3id"}},
                    "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>nope</Message></Error>"};
    EXPECT_EQ(parse_error(model("s3"), s3).code, "NoSuchBucket");
    EXPECT_EQ(parse_error(model("s3"), s3).request_id, "s3id");

    HttpResponse head{404, {}, ""};
    EXPECT_EQ(parse_error(model("s3"), head).code, "NotFound");
    HttpResponse garbage{503, {}, "<html>busy"};
    EXPECT_EQ(parse_error(model("sts"), garbage).code, "ServiceUnavailable");
}

// A server without a model (localcloud's dispatcher, before routing) renders the same documents.
TEST(ErrorsTest, SerializeErrorByProtocolMatchesTheModels) {
    const Error e = make_error("NoSuchKey", "The specified key does not exist: k", 404);
    for (const char* name : {"s3", "sts", "ssm", "kms"}) {
        const ServiceModel& m = model(name);
        const HttpResponse by_model = serialize_error(m, e, "rid");
        const HttpResponse by_protocol =
            serialize_error(m.protocol(), m.meta("xmlNamespace"), m.meta("jsonVersion"), e, "rid");
        EXPECT_EQ(by_model.body, by_protocol.body) << name;
        EXPECT_EQ(by_model.status, 404);
        EXPECT_EQ(parse_error(m, by_protocol).code, "NoSuchKey") << name;
    }
    const HttpResponse s3 = serialize_error(Protocol::RestXml, "", "", e, "rid");
    EXPECT_EQ(s3.body,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The "
              "specified key does not exist: k</Message><RequestId>rid</RequestId></Error>");
}

TEST(ErrorsTest, S3OkWithErrorBodyIsAnError) {
    HttpResponse r{200, {}, "<Error><Code>InternalError</Code><Message>try again</Message></Error>"};
    auto parsed = parse_response(model("s3"), "CompleteMultipartUpload", r);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, "InternalError");
}

TEST(ErrorsTest, ModelsLoadAndUnknownServiceFails) {
    for (const auto& s : ServiceModel::embedded_services()) {
        auto m = ServiceModel::get(s);
        ASSERT_TRUE(m) << s;
        EXPECT_FALSE((*m)->operation_names().empty()) << s;
    }
    EXPECT_EQ(ServiceModel::get("ec2").error().code, "UnknownService");
    EXPECT_EQ(serialize_request(model("sts"), "LaunchRockets", Json::object()).error().code,
              "UnknownOperation");
}

} // namespace
} // namespace cdk::aws::protocol
