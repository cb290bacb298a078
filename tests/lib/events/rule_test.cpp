// events::Rule, EventPattern, Schedule and the CodePipeline target: defaults, rendering and errors.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "lib/codepipeline_actions/manual_approval_action.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/codepipeline_target.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

namespace events = cdk::events;
using cdk::Json;

namespace {

/// A target with a fixed ARN (the shape of the simplest aws-cdk-lib targets).
class ArnTarget : public events::IRuleTarget {
public:
    explicit ArnTarget(std::string arn, std::string id = {}) : arn_(std::move(arn)), id_(std::move(id)) {}
    events::RuleTargetConfig bind(events::IRule& /*rule*/, const std::string& /*id*/) override {
        return {.id = id_, .arn = arn_};
    }

private:
    std::string arn_;
    std::string id_;
};

Json only_of_type(const Json& tmpl, const std::string& type) {
    Json found;
    int n = 0;
    for (const auto& [id, r] : tmpl["Resources"].items()) {
        if (r["Type"] == type) {
            found = r;
            ++n;
        }
    }
    EXPECT_EQ(n, 1) << type;
    return found;
}

} // namespace

TEST(EventsRule, MergesPatternsAndRendersDetailType) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    events::Rule rule(
        stack, "Rule",
        {.description = "on change", .event_pattern = events::EventPattern{.source = {"aws.codecommit"}}});
    rule.add_event_pattern(
        events::EventPattern{.detail_type = {"State Change"}, .source = {"aws.codecommit", "x"}});
    rule.add_event_pattern(Json{{"detail", {{"event", Json::array({"a"})}}}});
    rule.add_event_pattern(Json{{"detail", {{"event", Json::array({"a", "b"})}}}});
    rule.add_target(std::make_shared<ArnTarget>("arn:aws:sqs:ap-southeast-2:111111111111:q"));
    const Json r = only_of_type(cdk::render_stack_template(stack), "AWS::Events::Rule");
    const Json& p = r["Properties"];
    EXPECT_EQ(p["Description"], "on change");
    EXPECT_EQ(p["State"], "ENABLED");
    EXPECT_EQ(p["EventPattern"]["source"], Json::array({"aws.codecommit", "x"}));
    EXPECT_EQ(p["EventPattern"]["detail-type"], Json::array({"State Change"}));
    EXPECT_FALSE(p["EventPattern"].contains("detailType"));
    EXPECT_EQ(p["EventPattern"]["detail"]["event"], Json::array({"a", "b"}));
    EXPECT_EQ(p["Targets"],
              Json::parse(R"([{"Arn":"arn:aws:sqs:ap-southeast-2:111111111111:q","Id":"Target0"}])"));
    EXPECT_FALSE(p.contains("Name"));
    EXPECT_TRUE(rule.node().validate().empty());
}

TEST(EventsRule, ScheduleDisabledNamedAndWithoutTargets) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    events::Rule rule(stack, "Nightly",
                      {.enabled = false,
                       .rule_name = "nightly.run",
                       .schedule = events::Schedule::rate(cdk::Duration::hours(1))});
    const Json p = only_of_type(cdk::render_stack_template(stack), "AWS::Events::Rule")["Properties"];
    EXPECT_EQ(p["State"], "DISABLED");
    EXPECT_EQ(p["Name"], "nightly.run");
    EXPECT_EQ(p["ScheduleExpression"], "rate(1 hour)");
    EXPECT_FALSE(p.contains("Targets"));
    EXPECT_FALSE(p.contains("EventPattern"));
    EXPECT_TRUE(rule.node().validate().empty());
}

TEST(EventsSchedule, RatesAndCronAsTheCdkWritesThem) {
    EXPECT_EQ(events::Schedule::rate(cdk::Duration::days(2)).expression_string(), "rate(2 days)");
    EXPECT_EQ(events::Schedule::rate(cdk::Duration::minutes(90)).expression_string(), "rate(90 minutes)");
    EXPECT_EQ(events::Schedule::rate(cdk::Duration::minutes(120)).expression_string(), "rate(2 hours)");
    EXPECT_EQ(events::Schedule::rate(cdk::Duration::minutes(1)).expression_string(), "rate(1 minute)");
    EXPECT_EQ(events::Schedule::cron({.minute = "0", .hour = "4"}).expression_string(), "cron(0 4 * * ? *)");
    EXPECT_EQ(events::Schedule::cron({.minute = "0", .week_day = "MON"}).expression_string(),
              "cron(0 * ? * MON *)");
    EXPECT_TRUE(events::Schedule::cron({.hour = "4"}).runs_every_minute());
    EXPECT_EQ(events::Schedule::expression("rate(5 minutes)").expression_string(), "rate(5 minutes)");
}

TEST(EventsSchedule, FailsOnZeroPartialMinutesAndDayWithWeekDay) {
    EXPECT_THROW((void)events::Schedule::rate(cdk::Duration::seconds(30)), cdk::ValidationError);
    EXPECT_THROW((void)events::Schedule::rate(cdk::Duration::seconds(90)), cdk::ValidationError);
    EXPECT_THROW((void)events::Schedule::cron({.day = "1", .week_day = "MON"}), cdk::ValidationError);
    EXPECT_THROW((void)events::Schedule::expression(""), cdk::ValidationError);
}

TEST(EventsPattern, FailsOnFieldsThatAreNotArraysAndOnTypeMismatch) {
    Json dest = Json::object();
    EXPECT_THROW(events::merge_event_pattern(dest, Json{{"source", "aws.s3"}}), cdk::ValidationError);
    events::merge_event_pattern(dest, Json{{"detail", {{"key", Json::array({"a"})}}}});
    EXPECT_THROW(events::merge_event_pattern(dest, Json{{"detail", Json::array({"x"})}}),
                 cdk::ValidationError);
    EXPECT_THROW(events::merge_event_pattern(dest, Json::array({1})), cdk::ValidationError);
    EXPECT_TRUE(cdk::Token::is_undefined(events::render_event_pattern(Json::object())));
}

TEST(EventsRule, FailsValidationWithoutPatternOrScheduleAndOnBadNames) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    events::Rule empty(stack, "Empty");
    ASSERT_EQ(empty.node().validate().size(), 1U);
    EXPECT_EQ(empty.node().validate()[0], "Either 'eventPattern' or 'schedule' must be defined");
    events::Rule named(stack, "Named",
                       {.rule_name = "has space", .schedule = events::Schedule::expression("rate(1 day)")});
    ASSERT_EQ(named.node().validate().size(), 1U);
    EXPECT_NE(named.node().validate()[0].find("can contain only letters"), std::string::npos);
    events::Rule many(stack, "Many", {.schedule = events::Schedule::expression("rate(1 day)")});
    for (int i = 0; i < 6; ++i)
        many.add_target(
            std::make_shared<ArnTarget>("arn:aws:sqs:ap-southeast-2:111111111111:q" + std::to_string(i)));
    ASSERT_EQ(many.node().validate().size(), 1U);
    EXPECT_EQ(many.node().validate()[0], "Event rule cannot have more than 5 targets.");
    EXPECT_THROW(
        events::Rule(stack, "BusAndSchedule",
                     {.schedule = events::Schedule::expression("rate(1 day)"), .event_bus_name = "custom"}),
        cdk::ValidationError);
}

TEST(EventsTargets, CodePipelineGetsASingletonEventsRoleThatMayStartIt) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}});
    cdk::codepipeline::Pipeline pipeline(stack, "P", {.cross_account_keys = false});
    events::Rule a(stack, "A", {.event_pattern = events::EventPattern{.source = {"aws.s3"}}});
    events::Rule b(stack, "B", {.event_pattern = events::EventPattern{.source = {"aws.s3"}}});
    a.add_target(std::make_shared<cdk::events_targets::CodePipeline>(pipeline));
    b.add_target(std::make_shared<cdk::events_targets::CodePipeline>(
        pipeline, cdk::events_targets::CodePipelineTargetOptions{.base = {.retry_attempts = 2}}));
    ASSERT_NE(pipeline.node().try_find_child("EventsRole"), nullptr);
    const Json t = cdk::render_stack_template(stack);
    int roles = 0;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::IAM::Role" &&
            r["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"] ==
                "events.amazonaws.com")
            ++roles;
        if (r["Type"] == "AWS::Events::Rule" && id.rfind("B", 0) == 0) {
            EXPECT_EQ(r["Properties"]["Targets"][0]["RetryPolicy"],
                      Json::parse(R"({"MaximumRetryAttempts":2})"));
            EXPECT_EQ(r["Properties"]["Targets"][0]["Id"], "Target0");
        }
    }
    EXPECT_EQ(roles, 1);
}

TEST(EventsTargets, FailsOnATargetInAnotherAccount) {
    cdk::App app;
    cdk::Stack build(app, "Build", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}});
    cdk::Stack other(app, "Other", {.env = cdk::Environment{"111111111111", "ap-southeast-2"}});
    cdk::codepipeline::Pipeline pipeline(other, "P", {.cross_account_keys = false});
    events::Rule rule(build, "R", {.event_pattern = events::EventPattern{.source = {"aws.s3"}}});
    EXPECT_THROW(rule.add_target(std::make_shared<cdk::events_targets::CodePipeline>(pipeline)),
                 cdk::ValidationError);
}

TEST(EventsRule, ImportsByArn) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    events::IRule& rule = events::Rule::from_event_rule_arn(
        stack, "R", "arn:aws:events:ap-southeast-2:111111111111:rule/nightly");
    EXPECT_EQ(rule.rule_name(), "nightly");
    EXPECT_THROW((void)events::Rule::from_event_rule_arn(stack, "Bad", "nightly"), cdk::ValidationError);
}
