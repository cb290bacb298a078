// cloudwatch::Alarm, SnsAction and the metric helpers of Function, Queue and Topic, as aws-cdk-lib 2.276
// renders them.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/cloudwatch/alarm.hpp"
#include "lib/cloudwatch_actions/lambda_action.hpp"
#include "lib/cloudwatch_actions/sns_action.hpp"
#include "lib/lambda/function.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sqs/queue.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace cw = cdk::cloudwatch;
using cdk::Json;

namespace {

Json props_of(cdk::Stack& stack, cw::Alarm& alarm) {
    return cdk::render_stack_template(stack)["Resources"][alarm.resource().logical_id()]["Properties"];
}

} // namespace

TEST(Alarm, PlainMetricProperties) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    const cw::Metric metric({.namespace_ = "N",
                             .metric_name = "M",
                             .dimensions_map = {{"B", "2"}, {"A", "1"}},
                             .statistic = "p99",
                             .unit = cw::Unit::Milliseconds});
    cw::Alarm alarm(stack, "Alarm", {.metric = metric, .threshold = 5, .evaluation_periods = 2});
    EXPECT_EQ(props_of(stack, alarm),
              Json({{"ComparisonOperator", "GreaterThanOrEqualToThreshold"},
                    {"Dimensions", {{{"Name", "A"}, {"Value", "1"}}, {{"Name", "B"}, {"Value", "2"}}}},
                    {"EvaluationPeriods", 2},
                    {"ExtendedStatistic", "p99"},
                    {"MetricName", "M"},
                    {"Namespace", "N"},
                    {"Period", 300},
                    {"Threshold", 5},
                    {"Unit", "Milliseconds"}}));
}

TEST(Alarm, OptionsAndActions) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::sns::Topic topic(stack, "Topic");
    const cdk::cloudwatch_actions::SnsAction action(topic);
    cw::Alarm& alarm = cw::Metric({.namespace_ = "N", .metric_name = "M", .statistic = "Sum"})
                           .create_alarm(stack, "Alarm",
                                         {.threshold = 1,
                                          .evaluation_periods = 3,
                                          .comparison_operator = cw::ComparisonOperator::LessThanThreshold,
                                          .datapoints_to_alarm = 2,
                                          .treat_missing_data = cw::TreatMissingData::NotBreaching,
                                          .alarm_name = "a",
                                          .alarm_description = "d",
                                          .actions_enabled = true});
    // Actions added after the alarm are rendered (lazily); none renders no property.
    Json p = props_of(stack, alarm);
    EXPECT_FALSE(p.contains("AlarmActions"));
    alarm.add_alarm_action(action);
    alarm.add_ok_action(action);
    p = props_of(stack, alarm);
    const Json topic_ref = {{"Ref", topic.resource().logical_id()}};
    EXPECT_EQ(p["AlarmActions"], Json({topic_ref}));
    EXPECT_EQ(p["OKActions"], Json({topic_ref}));
    EXPECT_FALSE(p.contains("InsufficientDataActions"));
    EXPECT_EQ(p["Statistic"], "Sum");
    EXPECT_EQ(p["ComparisonOperator"], "LessThanThreshold");
    EXPECT_EQ(p["DatapointsToAlarm"], 2);
    EXPECT_EQ(p["TreatMissingData"], "notBreaching");
    EXPECT_EQ(p["AlarmName"], "a");
    EXPECT_EQ(p["AlarmDescription"], "d");
    EXPECT_EQ(p["ActionsEnabled"], true);
}

TEST(Alarm, LabelOrOtherAccountUsesMetricsQuery) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{.account = "111111111111", .region = "eu-west-1"}});
    cw::Alarm labelled(stack, "Labelled",
                       {.metric = cw::Metric({.namespace_ = "N", .metric_name = "M", .label = "L"}),
                        .threshold = 1,
                        .evaluation_periods = 1});
    const Json q = props_of(stack, labelled)["Metrics"];
    ASSERT_EQ(q.size(), 1U);
    EXPECT_EQ(
        q[0],
        Json({{"Id", "m1"},
              {"Label", "L"},
              {"MetricStat",
               {{"Metric", {{"MetricName", "M"}, {"Namespace", "N"}}}, {"Period", 300}, {"Stat", "Average"}}},
              {"ReturnData", true}}));
    cw::Alarm other(stack, "Other",
                    {.metric = cw::Metric({.namespace_ = "N", .metric_name = "M", .account = "222222222222"}),
                     .threshold = 1,
                     .evaluation_periods = 1});
    EXPECT_EQ(props_of(stack, other)["Metrics"][0]["AccountId"], "222222222222");
    cw::Alarm same(stack, "Same",
                   {.metric = cw::Metric({.namespace_ = "N", .metric_name = "M", .account = "111111111111"}),
                    .threshold = 1,
                    .evaluation_periods = 1});
    EXPECT_FALSE(props_of(stack, same).contains("Metrics"));
}

TEST(Alarm, Validation) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{.account = "111111111111", .region = "eu-west-1"}});
    const cw::Metric metric({.namespace_ = "N", .metric_name = "M"});
    EXPECT_THROW(cw::Alarm(stack, "NoThreshold", {.metric = metric, .evaluation_periods = 1}),
                 cdk::ValidationError);
    EXPECT_THROW(cw::Alarm(stack, "NoMetric", {.threshold = 1, .evaluation_periods = 1}),
                 cdk::ValidationError);
    EXPECT_THROW(
        cw::Alarm(stack, "Region",
                  {.metric = metric.with({.region = "us-east-1"}), .threshold = 1, .evaluation_periods = 1}),
        cdk::ValidationError);
    cw::IAlarm& imported = cw::Alarm::from_alarm_arn(stack, "I", "arn:aws:cloudwatch:eu-west-1:1:alarm:x");
    EXPECT_EQ(imported.alarm_name(), "x");
    EXPECT_THROW((void)cw::Alarm::from_alarm_arn(stack, "Bad", "arn:aws:sns:eu-west-1:1:x"),
                 cdk::ValidationError);
}

TEST(ResourceMetrics, FunctionQueueTopic) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::lambda::Function fn(stack, "Fn",
                             {.runtime = cdk::lambda::Runtime::NODEJS_20_X,
                              .handler = "index.handler",
                              .code = cdk::lambda::Code::from_inline("x")});
    cdk::sqs::Queue queue(stack, "Q");
    cdk::sns::Topic topic(stack, "T");
    const auto resolved_dims = [&](const cw::Metric& m) {
        Json out = Json::object();
        for (const auto& [k, v] : m.dimensions())
            out[k] = stack.resolve(Json(v));
        return out;
    };
    EXPECT_EQ(fn.metric_errors().namespace_(), "AWS/Lambda");
    EXPECT_EQ(fn.metric_errors().statistic(), "Sum");
    EXPECT_EQ(fn.metric_duration().statistic(), "Average");
    EXPECT_EQ(fn.metric_invocations({.statistic = "p50"}).statistic(), "p50");
    EXPECT_EQ(fn.metric_throttles().metric_name(), "Throttles");
    EXPECT_EQ(resolved_dims(fn.metric("Custom")),
              Json({{"FunctionName", {{"Ref", fn.resource().logical_id()}}}}));
    EXPECT_EQ(queue.metric_approximate_number_of_messages_visible().statistic(), "Maximum");
    EXPECT_EQ(queue.metric_number_of_messages_sent().statistic(), "Sum");
    EXPECT_EQ(resolved_dims(queue.metric_approximate_age_of_oldest_message()),
              Json({{"QueueName", {{"Fn::GetAtt", {queue.resource().logical_id(), "QueueName"}}}}}));
    EXPECT_EQ(topic.metric_number_of_messages_published().namespace_(), "AWS/SNS");
    EXPECT_EQ(resolved_dims(topic.metric_number_of_notifications_failed()),
              Json({{"TopicName", {{"Fn::GetAtt", {topic.resource().logical_id(), "TopicName"}}}}}));
}

namespace {

/// The ids of the `AWS::Lambda::Permission` constructs under the function, and the alarm's actions, after
/// LambdaAction binds to alarms `A` (and `B` when `two`).
std::vector<std::string> alarm_permission_ids(bool flag, bool unique, bool two = false) {
    cdk::App app(
        {.context = {
             {"@aws-cdk/aws-cloudwatch-actions:changeLambdaPermissionLogicalIdForLambdaAction", flag}}});
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"111111111111", "us-east-1"}});
    cdk::lambda::Function fn(stack, "Fn",
                             {.runtime = cdk::lambda::Runtime::NODEJS_22_X,
                              .handler = "index.handler",
                              .code = cdk::lambda::Code::from_inline("exports.handler = async () => 1;")});
    const cdk::cloudwatch_actions::LambdaAction action(fn, {.use_unique_permission_id = unique});
    cw::Alarm& a = fn.metric_errors().create_alarm(stack, "A", {.threshold = 1, .evaluation_periods = 1});
    a.add_alarm_action(action);
    a.add_ok_action(action); // the same alarm again: no second permission
    if (two)
        fn.metric_errors()
            .create_alarm(stack, "B", {.threshold = 1, .evaluation_periods = 1})
            .add_alarm_action(action);
    const Json t = cdk::render_stack_template(stack);
    std::vector<std::string> ids;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::Lambda::Permission") continue;
        ids.push_back(id);
        EXPECT_EQ(r["Properties"]["Principal"], "lambda.alarms.cloudwatch.amazonaws.com");
        EXPECT_EQ(r["Properties"]["SourceAccount"], "111111111111");
        EXPECT_TRUE(r["Properties"]["SourceArn"].contains("Fn::GetAtt"));
    }
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::CloudWatch::Alarm" && id.rfind('A', 0) == 0) {
            EXPECT_EQ(r["Properties"]["AlarmActions"][0],
                      Json::parse(R"({"Fn::GetAtt":["Fn9270CBC0","Arn"]})"));
        }
    }
    return ids;
}

} // namespace

TEST(LambdaAction, ThePermissionIdFollowsTheLogicalIdFlag) {
    // aws-cdk-lib: `AlarmPermission`, `<alarm id>AlarmPermission` with the flag, `<Names.uniqueId(alarm)>...`
    // with useUniquePermissionId.
    const auto starts = [](const std::vector<std::string>& ids, const std::string& prefix) {
        return ids.size() == 1 && ids[0].rfind(prefix, 0) == 0 && ids[0].size() == prefix.size() + 8;
    };
    EXPECT_TRUE(starts(alarm_permission_ids(false, false), "FnAlarmPermission"));
    EXPECT_TRUE(starts(alarm_permission_ids(true, false), "FnAAlarmPermission"));
    EXPECT_TRUE(alarm_permission_ids(false, true).at(0).rfind("FnSA", 0) == 0);
    EXPECT_EQ(alarm_permission_ids(false, true).size(), 1U);
    EXPECT_EQ(alarm_permission_ids(true, false, true).size(), 2U);
    // Without the flag a second alarm's permission would have the same id: aws-cdk-lib warns, then fails.
    EXPECT_THROW((void)alarm_permission_ids(false, false, true), cdk::ValidationError);
}
