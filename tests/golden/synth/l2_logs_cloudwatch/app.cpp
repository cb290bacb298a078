// Golden case l2_logs_cloudwatch (see ../README.md): the C++ twin of ts/app.ts; the App gets the context of
// ts/cdk.json, which turns @aws-cdk/aws-lambda:useCdkManagedLogGroup on.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/cloudwatch/alarm.hpp"
#include "lib/cloudwatch_actions/sns_action.hpp"
#include "lib/iam/role.hpp"
#include "lib/lambda/function.hpp"
#include "lib/logs/log_group.hpp"
#include "lib/logs_destinations/lambda_destination.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sqs/queue.hpp"

namespace cloudwatch = cdk::cloudwatch;
namespace iam = cdk::iam;
namespace lambda = cdk::lambda;
namespace logs = cdk::logs;
using cloudwatch::ComparisonOperator;
using cloudwatch::TreatMissingData;
using logs::FilterPattern;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-lambda:useCdkManagedLogGroup", true}}});
    cdk::Stack stack(app, "LogsCloudWatchStack",
                     {.env = cdk::Environment{.account = "111111111111", .region = "us-east-1"}});

    // A function whose log group the flag creates, one with its own log group and JSON logging.
    lambda::Function handler(stack, "Handler",
                             {.runtime = lambda::Runtime::NODEJS_20_X,
                              .handler = "index.handler",
                              .code = lambda::Code::from_inline("exports.handler = async () => 1;")});
    logs::LogGroup function_logs(
        stack, "FunctionLogs",
        {.retention = logs::RetentionDays::OneWeek, .removal_policy = cdk::RemovalPolicy::Destroy});
    lambda::Function with_logs(stack, "WithLogGroup",
                               {.runtime = lambda::Runtime::NODEJS_20_X,
                                .handler = "index.handler",
                                .code = lambda::Code::from_inline("exports.handler = async () => 2;"),
                                .log_group = &function_logs,
                                .logging_format = lambda::LoggingFormat::Json,
                                .application_log_level = lambda::ApplicationLogLevel::Info,
                                .system_log_level = lambda::SystemLogLevel::Warn});

    // A named log group kept forever, with a stream, filters and grants.
    logs::LogGroup app_logs(stack, "AppLogs",
                            {.log_group_name = "/app/logs",
                             .retention = logs::RetentionDays::Infinite,
                             .log_group_class = logs::LogGroupClass::Standard});
    app_logs.add_stream("Stream", {.log_stream_name = "main"});
    const auto requests = FilterPattern::space_delimited({"time", "component", "status", "..."})
                              .where_string("component", "=", "HttpServer")
                              .where_number("status", ">=", 500)
                              .where_number("status", "<", 600);
    app_logs.add_metric_filter("Requests", {.filter_pattern = &requests,
                                            .metric_namespace = "MyApp",
                                            .metric_name = "ServerErrors",
                                            .default_value = 0,
                                            .unit = cloudwatch::Unit::Count});
    const auto mixed = FilterPattern::any(
        {FilterPattern::string_value("$.level", "==", "ERROR"),
         FilterPattern::all(
             {FilterPattern::number_value("$.latency", ">", 1.5), FilterPattern::is_null("$.user")}),
         FilterPattern::boolean_value("$.retry", true), FilterPattern::not_exists("$.trace")});
    app_logs.add_metric_filter("Mixed", {.filter_pattern = &mixed,
                                         .metric_namespace = "MyApp",
                                         .metric_name = "Mixed",
                                         .metric_value = "$.latency"});
    const auto terms = FilterPattern::any_term_group({{"ERROR", "Main\"Thread"}, {"WARN"}});
    app_logs.add_metric_filter(
        "Terms", {.filter_pattern = &terms, .metric_namespace = "MyApp", .metric_name = "Terms"});
    const auto any_term = FilterPattern::any_term({"a\\b", "c"});
    app_logs.add_metric_filter(
        "AnyTerm", {.filter_pattern = &any_term, .metric_namespace = "MyApp", .metric_name = "AnyTerm"});
    const auto everything = FilterPattern::all_events();
    app_logs.add_metric_filter(
        "Everything",
        {.filter_pattern = &everything, .metric_namespace = "MyApp", .metric_name = "Everything"});
    const cdk::logs_destinations::LambdaDestination to_handler(handler);
    const auto literal = FilterPattern::literal("ERROR");
    app_logs.add_subscription_filter("ToHandler", {.destination = &to_handler, .filter_pattern = &literal});
    const cloudwatch::Metric duration = app_logs.extract_metric("$.duration", "MyApp", "RequestDuration");
    duration.create_alarm(stack, "SlowRequests",
                          {.threshold = 2,
                           .evaluation_periods = 3,
                           .comparison_operator = ComparisonOperator::GreaterThanThreshold,
                           .datapoints_to_alarm = 2,
                           .treat_missing_data = TreatMissingData::NotBreaching,
                           .alarm_name = "slow-requests",
                           .alarm_description = "requests are slow",
                           .actions_enabled = false});
    app_logs.grant_write(handler);
    app_logs.grant_read(with_logs);
    logs::LogGroup::from_log_group_name(stack, "Imported", "/aws/lambda/other").grant_read(handler);
    logs::LogGroup::from_log_group_arn(stack, "ImportedByArn",
                                       "arn:aws:logs:us-east-1:111111111111:log-group:shared:*")
        .grant(with_logs, {"logs:DescribeLogStreams"});
    iam::Role reader(stack, "Reader", {.assumed_by = iam::ServicePrincipal("ec2.amazonaws.com")});
    app_logs.grant(reader, {"logs:GetLogEvents"});

    // Metrics and alarms.
    cdk::sns::Topic topic(stack, "Alarms");
    cdk::sqs::Queue queue(stack, "Jobs");
    const cdk::cloudwatch_actions::SnsAction notify(topic);
    cloudwatch::Alarm& errors =
        handler.metric_errors().create_alarm(stack, "ErrorsAlarm", {.threshold = 1, .evaluation_periods = 1});
    errors.add_alarm_action(notify);
    errors.add_ok_action(notify);
    errors.add_insufficient_data_action(notify);
    cloudwatch::Alarm latency(
        stack, "LatencyAlarm",
        {.metric = handler.metric_duration(
             {.period = cdk::Duration::minutes(1), .statistic = cloudwatch::Stats::percentile(99)}),
         .threshold = 1000,
         .evaluation_periods = 5,
         .comparison_operator = ComparisonOperator::GreaterThanOrEqualToThreshold});
    with_logs.metric_invocations({.period = cdk::Duration::hours(1)})
        .create_alarm(stack, "NoInvocations",
                      {.threshold = 1,
                       .evaluation_periods = 24,
                       .comparison_operator = ComparisonOperator::LessThanThreshold,
                       .treat_missing_data = TreatMissingData::Breaching});
    with_logs.metric_throttles({.statistic = "max"})
        .create_alarm(stack, "Throttled",
                      {.threshold = 0,
                       .evaluation_periods = 1,
                       .comparison_operator = ComparisonOperator::GreaterThanThreshold});
    handler.metric("ConcurrentExecutions", {.statistic = cloudwatch::Stats::trimmed_mean(10, 90)})
        .create_alarm(stack, "Concurrency",
                      {.threshold = 50,
                       .evaluation_periods = 2,
                       .comparison_operator = ComparisonOperator::LessThanOrEqualToThreshold});
    queue.metric_approximate_number_of_messages_visible()
        .create_alarm(
            stack, "Backlog",
            {.threshold = 100, .evaluation_periods = 2, .treat_missing_data = TreatMissingData::Ignore})
        .add_alarm_action(notify);
    queue.metric_approximate_age_of_oldest_message({.statistic = "p90", .unit = cloudwatch::Unit::Seconds})
        .create_alarm(
            stack, "OldMessages",
            {.threshold = 600, .evaluation_periods = 1, .evaluate_low_sample_count_percentile = "ignore"});
    topic.metric_number_of_messages_published({.label = "published"})
        .create_alarm(
            stack, "Published",
            {.threshold = 10, .evaluation_periods = 1, .treat_missing_data = TreatMissingData::Missing});
    cloudwatch::Alarm other_account(
        stack, "OtherAccount",
        {.metric = cloudwatch::Metric({.namespace_ = "Custom",
                                       .metric_name = "Orders",
                                       .dimensions_map = {{"Shop", "north"}, {"Channel", "web"}},
                                       .statistic = "n",
                                       .account = "222222222222"}),
         .threshold = 5,
         .evaluation_periods = 1});
    app_logs.metric_incoming_log_events().create_alarm(
        stack, "Quiet",
        {.threshold = 1,
         .evaluation_periods = 1,
         .comparison_operator = ComparisonOperator::LessThanThreshold});
    (void)cloudwatch::Alarm::from_alarm_name(stack, "ImportedAlarm", "existing");

    app.synth();
    return 0;
}
