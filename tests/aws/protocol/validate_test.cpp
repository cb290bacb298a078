#include "aws/protocol/validate.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::protocol {
namespace {

const ServiceModel& model(const char* name) {
    return *ServiceModel::get(name).value();
}

TEST(ValidateTest, ValidInputHasNoViolations) {
    EXPECT_TRUE(
        validate_input(model("ssm"), "PutParameter", Json{{"Name", "/a"}, {"Value", "v"}, {"Type", "String"}})
            .empty());
    EXPECT_TRUE(validate_input(model("sts"), "GetCallerIdentity", Json::object()).empty());
    EXPECT_TRUE(validate_input(model("ssm"), "NoSuchOperation", Json::object()).empty());
}

TEST(ValidateTest, EachKindOfConstraintInCoralsWords) {
    const auto v = validate_input(model("ssm"), "PutParameter",
                                  Json{{"Name", std::string(2049, 'x')}, {"Type", "Blob"}, {"Value", "v"}});
    ASSERT_EQ(v.size(), 2U);
    EXPECT_EQ(v[0].kind, Violation::Kind::Length);
    EXPECT_EQ(v[0].path, "name");
    EXPECT_EQ(v[0].constraint, "Member must have length less than or equal to 2048");
    EXPECT_EQ(v[1].kind, Violation::Kind::Enum);
    EXPECT_EQ(v[1].constraint, "Member must satisfy enum value set: [String, StringList, SecureString]");
    const Error e = validation_error(model("ssm"), v);
    EXPECT_EQ(e.code, "ValidationException");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_TRUE(e.message.starts_with("2 validation errors detected: Value 'xxx"));
    EXPECT_NE(e.message.find("; Value 'Blob' at 'type' failed to satisfy constraint"), std::string::npos);
}

TEST(ValidateTest, RangesAndNestedPaths) {
    const auto v = validate_input(model("sts"), "AssumeRole",
                                  Json{{"RoleArn", "arn:aws:iam::111111111111:role/r"},
                                       {"RoleSessionName", "ss"},
                                       {"DurationSeconds", 100},
                                       {"Tags", Json::array({Json{{"Value", "v"}}})}});
    ASSERT_EQ(v.size(), 2U);
    EXPECT_EQ(v[0].path, "durationSeconds");
    EXPECT_EQ(v[0].value, "100");
    EXPECT_EQ(v[0].constraint, "Member must have value greater than or equal to 900");
    EXPECT_EQ(v[1].kind, Violation::Kind::Missing);
    EXPECT_EQ(v[1].path, "tags.1.member.key");
    const Error e = validation_error(model("sts"), v);
    EXPECT_EQ(e.code, "ValidationError");
    EXPECT_TRUE(
        e.message.starts_with("2 validation errors detected: Value '100' at 'durationSeconds' failed"));
    EXPECT_NE(e.message.find(
                  "Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be null"),
              std::string::npos);
}

TEST(ValidateTest, QueryCompatibleServicesNameTheParameter) {
    const auto missing = validate_input(model("sqs"), "CreateQueue", Json::object());
    ASSERT_EQ(missing.size(), 1U);
    const Error e = validation_error(model("sqs"), missing);
    EXPECT_EQ(e.code, "MissingParameter");
    EXPECT_EQ(e.message, "The request must contain the parameter QueueName.");
    const auto bad = validate_input(model("sqs"), "GetQueueAttributes",
                                    Json{{"QueueUrl", "u"}, {"AttributeNames", Json::array({"Colour"})}});
    ASSERT_EQ(bad.size(), 1U);
    EXPECT_EQ(validation_error(model("sqs"), bad).code, "InvalidParameterValue");
}

TEST(ValidateTest, StringsMustBeUtf8) {
    const auto v =
        validate_input(model("sts"), "AssumeRole",
                       Json{{"RoleArn", "arn:aws:iam::111111111111:role/r"}, {"RoleSessionName", "s\xff"}});
    ASSERT_EQ(v.size(), 1U);
    EXPECT_EQ(v[0].kind, Violation::Kind::Encoding);
    EXPECT_EQ(validation_error(model("sts"), v).code, "MalformedQueryString");
    EXPECT_EQ(validation_error(model("ssm"), v).code, "SerializationException");
}

} // namespace
} // namespace cdk::aws::protocol
