// events_targets::LambdaFunction: one permission per rule and function, dead-letter queues, events.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/lambda_function.hpp"
#include "synth/stack_template.hpp"
#include "targets_fixture.hpp"

namespace events = cdk::events;
namespace targets = cdk::events_targets;
namespace lambda = cdk::lambda;
using cdk::Json;
using events_targets_test::count_of_type;
using events_targets_test::only_of_type;

namespace {

lambda::FunctionProps fn_props() {
    return {.runtime = lambda::Runtime::NODEJS_22_X,
            .handler = "index.handler",
            .code = lambda::Code::from_inline("exports.handler = async () => 1;")};
}

} // namespace

TEST(EventsTargetsLambda, OnePermissionUnderTheRulePerFunction) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function fn(stack, "Fn", fn_props());
    events::Rule rule(stack, "R", {.schedule = events::Schedule::expression("rate(1 hour)")});
    rule.add_target(std::make_shared<targets::LambdaFunction>(fn));
    rule.add_target(std::make_shared<targets::LambdaFunction>(
        fn, targets::LambdaFunctionProps{.event = events::RuleTargetInput::from_object({{"k", "v"}})}));
    EXPECT_NE(rule.node().try_find_child("AllowEventRuleSFn8C14A72D"), nullptr);
    const Json t = cdk::render_stack_template(stack);
    EXPECT_EQ(count_of_type(t, "AWS::Lambda::Permission"), 1);
    const Json perm = only_of_type(t, "AWS::Lambda::Permission")["Properties"];
    EXPECT_EQ(perm["Action"], "lambda:InvokeFunction");
    EXPECT_EQ(perm["Principal"], "events.amazonaws.com");
    EXPECT_EQ(perm["SourceArn"]["Fn::GetAtt"][1], "Arn");
    const Json targets_json = only_of_type(t, "AWS::Events::Rule")["Properties"]["Targets"];
    ASSERT_EQ(targets_json.size(), 2U);
    EXPECT_EQ(targets_json[1]["Input"], R"({"k":"v"})");
    EXPECT_EQ(targets_json[1]["Id"], "Target1");
}

TEST(EventsTargetsLambda, TwoRulesGetTwoPermissionsAndTheDeadLetterQueueAStatement) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function fn(stack, "Fn", fn_props());
    cdk::sqs::Queue dlq(stack, "Dlq");
    events::Rule a(stack, "A", {.schedule = events::Schedule::expression("rate(1 hour)")});
    events::Rule b(stack, "B", {.schedule = events::Schedule::expression("rate(2 hours)")});
    a.add_target(std::make_shared<targets::LambdaFunction>(fn));
    b.add_target(std::make_shared<targets::LambdaFunction>(
        fn, targets::LambdaFunctionProps{.base = {.dead_letter_queue = &dlq, .retry_attempts = 2}}));
    const Json t = cdk::render_stack_template(stack);
    EXPECT_EQ(count_of_type(t, "AWS::Lambda::Permission"), 2);
    const Json st = only_of_type(t, "AWS::SQS::QueuePolicy")["Properties"]["PolicyDocument"]["Statement"][0];
    EXPECT_EQ(st["Action"], "sqs:SendMessage");
    EXPECT_EQ(st["Condition"]["ArnEquals"]["aws:SourceArn"]["Fn::GetAtt"][1], "Arn");
}
