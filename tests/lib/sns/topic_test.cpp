// sns::Topic and TopicPolicy rendering that the golden cases do not pin down, as aws-cdk-lib 2.276 renders
// it.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/sns/topic.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace iam = cdk::iam;
namespace sns = cdk::sns;
using cdk::Json;

namespace {

const Json& first_of_type(const Json& t, const std::string& type) {
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == type) return r;
    }
    static const Json none;
    return none;
}

iam::PolicyStatement publish_by(const std::string& account, const std::string& arn) {
    return iam::PolicyStatement(
        {.actions = {"sns:Publish"}, .principals = {iam::AccountPrincipal(account)}, .resources = {arn}});
}

} // namespace

TEST(TopicPolicy, StatementsGetTheirIndexAsSid) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    sns::Topic topic(stack, "T");
    topic.add_to_resource_policy(publish_by("111111111111", topic.topic_arn()));
    auto named = publish_by("222222222222", topic.topic_arn());
    named.set_sid("Named");
    topic.add_to_resource_policy(named);
    topic.add_to_resource_policy(publish_by("333333333333", topic.topic_arn()));
    const Json doc = first_of_type(cdk::render_stack_template(stack),
                                   "AWS::SNS::TopicPolicy")["Properties"]["PolicyDocument"];
    ASSERT_EQ(doc["Statement"].size(), 3U);
    EXPECT_EQ(doc["Statement"][0]["Sid"], "0");
    EXPECT_EQ(doc["Statement"][1]["Sid"], "Named");
    EXPECT_EQ(doc["Statement"][2]["Sid"], "2");
}

TEST(TopicPolicy, AGivenDocumentIsRenderedAsItIs) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    sns::Topic topic(stack, "T");
    iam::PolicyDocument doc({.statements = {publish_by("111111111111", topic.topic_arn())}});
    sns::TopicPolicy policy(stack, "P", {.topics = {&topic}, .policy_document = doc, .enforce_ssl = true});
    const Json rendered = first_of_type(cdk::render_stack_template(stack),
                                        "AWS::SNS::TopicPolicy")["Properties"]["PolicyDocument"];
    ASSERT_EQ(rendered["Statement"].size(), 2U);
    EXPECT_FALSE(rendered["Statement"][0].contains("Sid"));
    EXPECT_EQ(rendered["Statement"][1]["Sid"], "AllowPublishThroughSSLOnly");
    EXPECT_EQ(rendered["Statement"][1]["Principal"], "*");
}

TEST(Topic, EnforceSslAddsTheCdkStatement) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    sns::Topic topic(stack, "T", {.enforce_ssl = true});
    const Json doc = first_of_type(cdk::render_stack_template(stack),
                                   "AWS::SNS::TopicPolicy")["Properties"]["PolicyDocument"];
    EXPECT_EQ(doc["Statement"][0], Json({{"Action", "sns:Publish"},
                                         {"Condition", {{"Bool", {{"aws:SecureTransport", "false"}}}}},
                                         {"Effect", "Deny"},
                                         {"Principal", "*"},
                                         {"Resource", {{"Ref", topic.resource().logical_id()}}},
                                         {"Sid", "AllowPublishThroughSSLOnly"}}));
}

TEST(Topic, FailsOnFifoOnlyOptionsWithoutFifo) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(sns::Topic(stack, "A", {.content_based_deduplication = true}), cdk::ValidationError);
    EXPECT_THROW(sns::Topic(stack, "B", {.message_retention_period_in_days = 7}), cdk::ValidationError);
    EXPECT_THROW(sns::Topic(stack, "C", {.fifo = true, .message_retention_period_in_days = 366}),
                 cdk::ValidationError);
    EXPECT_THROW(sns::Topic(stack, "D", {.signature_version = "3"}), cdk::ValidationError);
}

TEST(Topic, RendersLoggingTracingAndSignature) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    sns::Topic topic(stack, "T",
                     {.signature_version = "2",
                      .tracing_config = sns::TracingConfig::Active,
                      .logging_configs = {{.protocol = sns::LoggingProtocol::Sqs,
                                           .failure_feedback_role_arn = "arn:aws:iam::1:role/f",
                                           .success_feedback_sample_rate = 50}}});
    topic.add_logging_config({.protocol = sns::LoggingProtocol::Http});
    const Json p = first_of_type(cdk::render_stack_template(stack), "AWS::SNS::Topic")["Properties"];
    EXPECT_EQ(p["SignatureVersion"], "2");
    EXPECT_EQ(p["TracingConfig"], "Active");
    EXPECT_EQ(p["DeliveryStatusLogging"],
              Json::array({Json({{"FailureFeedbackRoleArn", "arn:aws:iam::1:role/f"},
                                 {"Protocol", "sqs"},
                                 {"SuccessFeedbackSampleRate", "50"}}),
                           Json({{"Protocol", "http/s"}})}));
}

TEST(Topic, FromTopicAttributesCarriesTheKeyIntoGrants) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::kms::Key key(stack, "K");
    sns::ITopic& topic = sns::Topic::from_topic_attributes(
        stack, "T", {.topic_arn = "arn:aws:sns:ap-southeast-2:111111111111:events", .key = &key});
    EXPECT_EQ(topic.topic_name(), "events");
    EXPECT_EQ(topic.master_key(), &key);
    iam::Role role(stack, "R", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    topic.grant_publish(role);
    ASSERT_NE(role.default_policy(), nullptr);
    EXPECT_EQ(role.default_policy()->document().statement_count(), 2U) << "sns:Publish and the key's actions";
}
