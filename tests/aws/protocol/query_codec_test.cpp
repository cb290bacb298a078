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

TEST(QueryCodecTest, AssumeRoleRequestRoundTrip) {
    const auto& sts = model("sts");
    const Json input{{"RoleArn", "arn:aws:iam::111111111111:role/cdk-deploy"},
                     {"RoleSessionName", "aws-cdk-me"},
                     {"DurationSeconds", 3600},
                     {"Tags", Json::array({Json{{"Key", "a b"}, {"Value", "x&y"}}})},
                     {"PolicyArns", Json::array({Json{{"arn", "arn:aws:iam::aws:policy/ReadOnly"}}})}};
    auto request = serialize_request(sts, "AssumeRole", input);
    ASSERT_TRUE(request) << request.error().to_string();
    EXPECT_EQ(request->method, "POST");
    EXPECT_TRUE(request->body.starts_with("Action=AssumeRole&Version=2011-06-15&"));
    EXPECT_NE(request->body.find("Tags.member.1.Key=a%20b"), std::string::npos);
    EXPECT_NE(request->body.find("PolicyArns.member.1.arn="), std::string::npos);

    auto parsed = parse_request(sts, *request);
    ASSERT_TRUE(parsed) << parsed.error().to_string();
    EXPECT_EQ(parsed->operation, "AssumeRole");
    EXPECT_EQ(parsed->input, input);
}

TEST(QueryCodecTest, AssumeRoleResponseRoundTrip) {
    const auto& sts = model("sts");
    const Json output{
        {"Credentials",
         {{"AccessKeyId", "ASIAX"},
          {"SecretAccessKey", "s"},
          {"SessionToken", "t"},
          {"Expiration", "2026-01-02T03:04:05Z"}}},
        {"AssumedRoleUser", {{"Arn", "arn:aws:sts::1:assumed-role/r/s"}, {"AssumedRoleId", "AROA:s"}}},
        {"PackedPolicySize", 6}};
    const auto response = serialize_response(sts, "AssumeRole", output, "req-1");
    EXPECT_NE(response.body.find("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                                 "<AssumeRoleResult>"),
              std::string::npos);
    auto parsed = parse_response(sts, "AssumeRole", response);
    ASSERT_TRUE(parsed) << parsed.error().to_string();
    EXPECT_EQ(without_metadata(*parsed), output);
    EXPECT_EQ((*parsed)["ResponseMetadata"]["RequestId"], "req-1");
}

TEST(QueryCodecTest, ParsesAwsDocumentedGetCallerIdentity) {
    HttpResponse r{200, {}, R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
   <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AKIAI44QH8DHBEXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>)"};
    auto parsed = parse_response(model("sts"), "GetCallerIdentity", r);
    ASSERT_TRUE(parsed);
    EXPECT_EQ((*parsed)["Account"], "123456789012");
    EXPECT_EQ((*parsed)["Arn"], "arn:aws:iam::123456789012:user/Alice");
    EXPECT_EQ((*parsed)["ResponseMetadata"]["RequestId"], "01234567-89ab-cdef-0123-456789abcdef");
}

TEST(QueryCodecTest, CloudFormationChangeSetAndStacksRoundTrip) {
    const auto& cfn = model("cloudformation");
    const Json input{
        {"StackName", "Prod"},
        {"ChangeSetName", "cdk-deploy-change-set"},
        {"TemplateURL", "https://s3.ap-southeast-2.amazonaws.com/b/k.json"},
        {"Parameters", Json::array({Json{{"ParameterKey", "BootstrapVersion"}, {"UsePreviousValue", true}}})},
        {"Capabilities", Json::array({"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"})},
        {"ChangeSetType", "UPDATE"},
        {"RoleARN", "arn:aws:iam::1:role/cfn-exec"},
        {"Tags", Json::array()}};
    auto request = serialize_request(cfn, "CreateChangeSet", input);
    ASSERT_TRUE(request);
    EXPECT_NE(request->body.find("Capabilities.member.3=CAPABILITY_AUTO_EXPAND"), std::string::npos);
    EXPECT_NE(request->body.find("&Tags=&"), std::string::npos) << "empty lists are sent as 'Name='";
    auto parsed = parse_request(cfn, *request);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->input, input);

    Json output_item{{"OutputKey", "Url"}, {"OutputValue", "https://x"}};
    Json stack{{"StackName", "Prod"},
               {"StackId", "arn:aws:cloudformation:r:1:stack/Prod/x"},
               {"CreationTime", "2026-01-02T03:04:05.123Z"},
               {"StackStatus", "UPDATE_COMPLETE"},
               {"EnableTerminationProtection", false},
               {"Outputs", Json::array({output_item})}};
    Json stacks{{"Stacks", Json::array({stack})}};
    auto round =
        parse_response(cfn, "DescribeStacks", serialize_response(cfn, "DescribeStacks", stacks, "id"));
    ASSERT_TRUE(round);
    EXPECT_EQ(without_metadata(*round), stacks);
}

TEST(QueryCodecTest, FailsOnUnknownAction) {
    ClientRequest r;
    r.method = "POST";
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    r.body = "Action=LaunchRockets&Version=2011-06-15";
    EXPECT_EQ(parse_request(model("sts"), r).error().code, "InvalidAction");
    r.body = "Version=2011-06-15";
    EXPECT_EQ(parse_request(model("sts"), r).error().code, "MissingAction");
}

TEST(QueryCodecTest, FormBodyPlusMeansSpace) {
    ClientRequest r;
    r.method = "POST";
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    r.body = "Action=DescribeStacks&Version=2010-05-15&StackName=My+Stack";
    auto parsed = parse_request(model("cloudformation"), r);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->input["StackName"], "My Stack");
}

} // namespace
} // namespace cdk::aws::protocol
