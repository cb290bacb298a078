// events_targets::SqsQueue: the queue policy, KMS grants, dead-letter queues, message groups, messages.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/sqs_queue.hpp"
#include "lib/kms/key.hpp"
#include "synth/stack_template.hpp"
#include "targets_fixture.hpp"
#include "tokens/errors.hpp"

namespace events = cdk::events;
namespace targets = cdk::events_targets;
using cdk::Json;
using events_targets_test::only_of_type;

TEST(EventsTargetsSqs, QueuePolicyLetsEventsSendFromTheRule) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::sqs::Queue queue(stack, "Q");
    events::Rule rule(stack, "R", {.schedule = events::Schedule::expression("rate(1 hour)")});
    rule.add_target(std::make_shared<targets::SqsQueue>(
        queue, targets::SqsQueueProps{.message_group_id = "g",
                                      .message = events::RuleTargetInput::from_text("hello")}));
    const Json t = cdk::render_stack_template(stack);
    const Json policy = only_of_type(t, "AWS::SQS::QueuePolicy");
    const Json& st = policy["Properties"]["PolicyDocument"]["Statement"][0];
    EXPECT_EQ(st["Action"], Json::parse(R"(["sqs:SendMessage","sqs:GetQueueAttributes","sqs:GetQueueUrl"])"));
    EXPECT_EQ(st["Principal"], Json::parse(R"({"Service":"events.amazonaws.com"})"));
    EXPECT_EQ(st["Condition"],
              Json::parse(R"({"ArnEquals":{"aws:SourceArn":{"Fn::GetAtt":["RC21A1702","Arn"]}}})"))
        << st.dump();
    const Json target = only_of_type(t, "AWS::Events::Rule")["Properties"]["Targets"][0];
    EXPECT_EQ(target["SqsParameters"], Json::parse(R"({"MessageGroupId":"g"})"));
    EXPECT_EQ(target["Input"], "\"hello\"");
    EXPECT_EQ(target["Id"], "Target0");
}

TEST(EventsTargetsSqs, AnEncryptedQueueGetsNoSourceConditionAndTheKeyGrant) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::kms::Key key(stack, "K");
    cdk::sqs::Queue queue(stack, "Q", {.encryption_master_key = &key});
    events::Rule rule(stack, "R", {.schedule = events::Schedule::expression("rate(1 hour)")});
    rule.add_target(std::make_shared<targets::SqsQueue>(queue));
    const Json t = cdk::render_stack_template(stack);
    const Json st = only_of_type(t, "AWS::SQS::QueuePolicy")["Properties"]["PolicyDocument"]["Statement"][0];
    EXPECT_FALSE(st.contains("Condition"));
    bool key_grant = false;
    const Json key_statements = only_of_type(t, "AWS::KMS::Key")["Properties"]["KeyPolicy"]["Statement"];
    for (const auto& s : key_statements) {
        key_grant = key_grant || (s["Principal"] == Json::parse(R"({"Service":"events.amazonaws.com"})") &&
                                  s["Action"].dump().find("kms:Encrypt") != std::string::npos);
    }
    EXPECT_TRUE(key_grant);
}

namespace {

/// The first statement of the queue policy an SQS target gives an encrypted queue, with the same-account
/// flag.
Json encrypted_queue_statement(bool same_account_flag) {
    cdk::App app({.context = {{"@aws-cdk/aws-events:eventsTargetQueueSameAccount", same_account_flag}}});
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"111111111111", "us-east-1"}});
    cdk::kms::Key key(stack, "K");
    cdk::sqs::Queue queue(stack, "Q", {.encryption_master_key = &key});
    events::Rule rule(stack, "R", {.schedule = events::Schedule::expression("rate(1 hour)")});
    rule.add_target(std::make_shared<targets::SqsQueue>(queue));
    const Json t = cdk::render_stack_template(stack);
    return only_of_type(t, "AWS::SQS::QueuePolicy")["Properties"]["PolicyDocument"]["Statement"][0];
}

} // namespace

TEST(EventsTargetsSqs, TheSameAccountFlagConditionsAnEncryptedQueueOnTheAccount) {
    EXPECT_EQ(encrypted_queue_statement(true)["Condition"],
              Json::parse(R"({"StringEquals":{"aws:SourceAccount":"111111111111"}})"));
}

TEST(EventsTargetsSqs, WithoutTheSameAccountFlagAnEncryptedQueueHasNoCondition) {
    const Json st = encrypted_queue_statement(false);
    EXPECT_FALSE(st.contains("Condition")) << st.dump();
}

TEST(EventsTargetsSqs, DeadLetterQueueGetsItsStatementAndTheTargetItsRetryPolicy) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::sqs::Queue queue(stack, "Q");
    cdk::sqs::Queue dlq(stack, "Dlq");
    events::Rule rule(stack, "R", {.schedule = events::Schedule::expression("rate(1 hour)")});
    rule.add_target(std::make_shared<targets::SqsQueue>(
        queue, targets::SqsQueueProps{.base = {.dead_letter_queue = &dlq,
                                               .retry_attempts = 0,
                                               .max_event_age = cdk::Duration::minutes(5)}}));
    const Json t = cdk::render_stack_template(stack);
    const Json target = only_of_type(t, "AWS::Events::Rule")["Properties"]["Targets"][0];
    EXPECT_EQ(target["DeadLetterConfig"], Json::parse(R"({"Arn":{"Fn::GetAtt":["DlqD1FAA4AD","Arn"]}})"));
    EXPECT_EQ(target["RetryPolicy"],
              Json::parse(R"({"MaximumRetryAttempts":0,"MaximumEventAgeInSeconds":300})"));
    int dlq_statements = 0;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::SQS::QueuePolicy") continue;
        for (const auto& s : r["Properties"]["PolicyDocument"]["Statement"]) {
            if (s.contains("Sid") && s["Sid"] == "AllowEventRuleSR9ED0DB2C") {
                ++dlq_statements;
                EXPECT_EQ(s["Action"], "sqs:SendMessage");
            }
        }
    }
    EXPECT_EQ(dlq_statements, 1);
}

TEST(EventsTargetsSqs, DeadLetterQueueInAnotherRegionFailsAndInAnotherAccountWarns) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"111111111111", "us-east-1"}});
    cdk::sqs::Queue queue(stack, "Q");
    cdk::sqs::IQueue& other_region =
        cdk::sqs::Queue::from_queue_arn(stack, "Far", "arn:aws:sqs:eu-west-1:111111111111:dlq");
    cdk::sqs::IQueue& other_account =
        cdk::sqs::Queue::from_queue_arn(stack, "Other", "arn:aws:sqs:us-east-1:222222222222:dlq");
    events::Rule rule(stack, "R", {.schedule = events::Schedule::expression("rate(1 hour)")});
    EXPECT_THROW(rule.add_target(std::make_shared<targets::SqsQueue>(
                     queue, targets::SqsQueueProps{.base = {.dead_letter_queue = &other_region}})),
                 cdk::ValidationError);
    rule.add_target(std::make_shared<targets::SqsQueue>(
        queue, targets::SqsQueueProps{.base = {.dead_letter_queue = &other_account}}));
    bool warned = false;
    for (const auto& entry : rule.node().metadata())
        warned = warned || entry.data.dump().find("manuallyAddDLQResourcePolicy") != std::string::npos;
    EXPECT_TRUE(warned);
}
