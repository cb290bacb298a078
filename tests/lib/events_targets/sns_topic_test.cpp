// events_targets::SnsTopic: the topic policy, publishing through a role, messages and errors.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/sns_topic.hpp"
#include "synth/stack_template.hpp"
#include "targets_fixture.hpp"
#include "tokens/errors.hpp"

namespace events = cdk::events;
namespace targets = cdk::events_targets;
using cdk::Json;
using events_targets_test::count_of_type;
using events_targets_test::only_of_type;

TEST(EventsTargetsSns, TopicPolicyLetsEventsPublish) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::sns::Topic topic(stack, "T");
    events::Rule rule(stack, "R", {.event_pattern = events::EventPattern{.source = {"x"}}});
    rule.add_target(std::make_shared<targets::SnsTopic>(
        topic, targets::SnsTopicProps{
                   .message = events::RuleTargetInput::from_text("from " + events::EventField::source())}));
    const Json t = cdk::render_stack_template(stack);
    const Json st = only_of_type(t, "AWS::SNS::TopicPolicy")["Properties"]["PolicyDocument"]["Statement"][0];
    EXPECT_EQ(st["Action"], "sns:Publish");
    EXPECT_EQ(st["Principal"], Json::parse(R"({"Service":"events.amazonaws.com"})"));
    const Json target = only_of_type(t, "AWS::Events::Rule")["Properties"]["Targets"][0];
    EXPECT_FALSE(target.contains("RoleArn"));
    EXPECT_EQ(target["InputTransformer"],
              Json::parse(R"({"InputTemplate":"\"from <source>\"","InputPathsMap":{"source":"$.source"}})"));
}

TEST(EventsTargetsSns, AuthorizeUsingRoleMakesTheRulesEventsRole) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::sns::Topic topic(stack, "T");
    events::Rule rule(stack, "R", {.event_pattern = events::EventPattern{.source = {"x"}}});
    rule.add_target(
        std::make_shared<targets::SnsTopic>(topic, targets::SnsTopicProps{.authorize_using_role = true}));
    ASSERT_NE(rule.node().try_find_child("EventsRole"), nullptr);
    const Json t = cdk::render_stack_template(stack);
    EXPECT_EQ(count_of_type(t, "AWS::SNS::TopicPolicy"), 0);
    const Json policy = only_of_type(t, "AWS::IAM::Policy");
    EXPECT_EQ(policy["Properties"]["PolicyDocument"]["Statement"][0]["Action"], "sns:Publish");
    const Json target = only_of_type(t, "AWS::Events::Rule")["Properties"]["Targets"][0];
    EXPECT_EQ(target["RoleArn"]["Fn::GetAtt"][1], "Arn");
}

TEST(EventsTargetsSns, AGivenRoleIsUsedAndRefusedWhenRoleAuthorizationIsOff) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::sns::Topic topic(stack, "T");
    cdk::iam::Role role(stack, "Role", {.assumed_by = cdk::iam::ServicePrincipal("events.amazonaws.com")});
    events::Rule rule(stack, "R", {.event_pattern = events::EventPattern{.source = {"x"}}});
    rule.add_target(std::make_shared<targets::SnsTopic>(topic, targets::SnsTopicProps{.role = &role}));
    EXPECT_EQ(rule.node().try_find_child("EventsRole"), nullptr);
    EXPECT_THROW(rule.add_target(std::make_shared<targets::SnsTopic>(
                     topic, targets::SnsTopicProps{.authorize_using_role = false, .role = &role})),
                 cdk::ValidationError);
    const Json t = cdk::render_stack_template(stack);
    const Json target = only_of_type(t, "AWS::Events::Rule")["Properties"]["Targets"][0];
    EXPECT_EQ(target["RoleArn"]["Fn::GetAtt"][0].get<std::string>().rfind("Role", 0), 0U);
}
