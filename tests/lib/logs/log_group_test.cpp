// logs::LogGroup, LogStream, MetricFilter, SubscriptionFilter and their grants and metrics, as aws-cdk-lib
// 2.276's aws-logs renders them (what the golden cases do not pin down).
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"
#include "lib/logs/log_group.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace logs = cdk::logs;
using cdk::Json;

namespace {

Json resource(cdk::Stack& stack, const cdk::CfnResource& r) {
    return cdk::render_stack_template(stack)["Resources"][r.logical_id()];
}

} // namespace

TEST(LogGroup, DefaultsToTwoYearsRetained) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    logs::LogGroup group(stack, "Group");
    const Json r = resource(stack, group.resource());
    EXPECT_EQ(r["Type"], "AWS::Logs::LogGroup");
    EXPECT_EQ(r["Properties"], Json({{"RetentionInDays", 731}}));
    EXPECT_EQ(r["DeletionPolicy"], "Retain");
    EXPECT_EQ(r["UpdateReplacePolicy"], "Retain");
}

TEST(LogGroup, RetentionClassKeyAndName) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::kms::Key key(stack, "Key");
    logs::LogGroup forever(stack, "Forever", {.retention = logs::RetentionDays::Infinite});
    logs::LogGroup week(stack, "Week",
                        {.log_group_name = "/my/group",
                         .retention = logs::RetentionDays::OneWeek,
                         .removal_policy = cdk::RemovalPolicy::Destroy,
                         .encryption_key = &key,
                         .log_group_class = logs::LogGroupClass::InfrequentAccess,
                         .deletion_protection_enabled = true});
    logs::LogGroup delivery(stack, "Delivery", {.log_group_class = logs::LogGroupClass::Delivery});
    EXPECT_FALSE(resource(stack, forever.resource()).contains("Properties"));
    const Json w = resource(stack, week.resource());
    EXPECT_EQ(w["Properties"]["RetentionInDays"], 7);
    EXPECT_EQ(w["Properties"]["LogGroupName"], "/my/group");
    EXPECT_EQ(w["Properties"]["LogGroupClass"], "INFREQUENT_ACCESS");
    EXPECT_EQ(w["Properties"]["DeletionProtectionEnabled"], true);
    EXPECT_EQ(w["Properties"]["KmsKeyId"], Json({{"Fn::GetAtt", {key.resource().logical_id(), "Arn"}}}));
    EXPECT_EQ(w["DeletionPolicy"], "Delete");
    EXPECT_EQ(resource(stack, delivery.resource())["Properties"], Json({{"LogGroupClass", "DELIVERY"}}));
}

TEST(LogGroup, InvalidRetentionIsRefused) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(logs::LogGroup(stack, "D",
                                {.retention = logs::RetentionDays::OneDay,
                                 .log_group_class = logs::LogGroupClass::Delivery}),
                 cdk::ValidationError);
    EXPECT_THROW(logs::LogGroup(stack, "Z", {.retention_in_days = 0}), cdk::ValidationError);
}

TEST(LogGroup, GrantsUseBothArnForms) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    logs::LogGroup group(stack, "Group");
    cdk::iam::Role role(stack, "Role", {.assumed_by = cdk::iam::ServicePrincipal("lambda.amazonaws.com")});
    group.grant_read(role);
    group.grant_write(role);
    const Json t = cdk::render_stack_template(stack);
    const std::string id = group.resource().logical_id();
    const Json statements =
        t["Resources"]["RoleDefaultPolicy5FFB7DAB"]["Properties"]["PolicyDocument"]["Statement"];
    ASSERT_EQ(statements.size(), 2U);
    EXPECT_EQ(statements[0]["Action"],
              Json({"logs:FilterLogEvents", "logs:GetLogEvents", "logs:GetLogGroupFields",
                    "logs:DescribeLogGroups", "logs:DescribeLogStreams"}));
    const Json arn_without_suffix = {{"Fn::Join",
                                      {"",
                                       {"arn:",
                                        {{"Ref", "AWS::Partition"}},
                                        ":logs:",
                                        {{"Ref", "AWS::Region"}},
                                        ":",
                                        {{"Ref", "AWS::AccountId"}},
                                        ":log-group:",
                                        {{"Ref", id}}}}}};
    EXPECT_EQ(statements[0]["Resource"], Json({arn_without_suffix, {{"Fn::GetAtt", {id, "Arn"}}}}));
    EXPECT_EQ(statements[1]["Action"], Json({"logs:CreateLogStream", "logs:PutLogEvents"}));
    EXPECT_EQ(statements[1]["Resource"], Json({{"Fn::GetAtt", {id, "Arn"}}}));
}

TEST(LogGroup, Imports) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{.account = "111111111111", .region = "eu-west-1"}});
    logs::ILogGroup& by_arn = logs::LogGroup::from_log_group_arn(
        stack, "A", "arn:aws:logs:eu-west-1:222222222222:log-group:shared");
    EXPECT_EQ(by_arn.log_group_arn(), "arn:aws:logs:eu-west-1:222222222222:log-group:shared:*");
    EXPECT_EQ(by_arn.log_group_name(), "shared");
    EXPECT_EQ(by_arn.resource_account(), "222222222222");
    logs::ILogGroup& by_name = logs::LogGroup::from_log_group_name(stack, "N", "/aws/lambda/x:*");
    EXPECT_EQ(by_name.log_group_name(), "/aws/lambda/x");
    EXPECT_EQ(stack.resolve(by_name.log_group_arn()),
              Json({{"Fn::Join",
                     {"",
                      {"arn:",
                       {{"Ref", "AWS::Partition"}},
                       ":logs:eu-west-1:111111111111:log-group:/aws/lambda/x:*"}}}}));
    EXPECT_THROW((void)logs::LogGroup::from_log_group_arn(stack, "Bad", "arn:aws:sqs:eu-west-1:1:q"),
                 cdk::ValidationError);
}

TEST(LogGroup, StreamsAndMetricFilters) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    logs::LogGroup group(stack, "Group");
    logs::LogStream& stream = group.add_stream("Stream", {.log_stream_name = "s1"});
    const Json s = resource(stack, stream.resource());
    EXPECT_EQ(s["Properties"],
              Json({{"LogGroupName", {{"Ref", group.resource().logical_id()}}}, {"LogStreamName", "s1"}}));
    EXPECT_EQ(s["DeletionPolicy"], "Retain");
    const auto pattern = logs::FilterPattern::exists("$.latency");
    logs::MetricFilter& filter =
        group.add_metric_filter("Latency", {.filter_pattern = &pattern,
                                            .metric_namespace = "App",
                                            .metric_name = "Latency",
                                            .default_value = 0,
                                            .dimensions = {{"B", "$.b"}, {"A", "$.a"}}});
    const Json f = resource(stack, filter.resource());
    EXPECT_EQ(f["Properties"]["FilterPattern"], "{ $.latency = \"*\" }");
    EXPECT_EQ(f["Properties"]["MetricTransformations"][0]["MetricValue"], "1");
    EXPECT_EQ(f["Properties"]["MetricTransformations"][0]["DefaultValue"], 0);
    EXPECT_EQ(f["Properties"]["MetricTransformations"][0]["Dimensions"].size(), 2U);
    const cdk::cloudwatch::Metric m = filter.metric();
    EXPECT_EQ(m.namespace_(), "App");
    EXPECT_EQ(m.statistic(), "Average");
    EXPECT_THROW(
        group.add_metric_filter("TooMany", {.filter_pattern = &pattern,
                                            .metric_namespace = "App",
                                            .metric_name = "X",
                                            .dimensions = {{"A", "1"}, {"B", "2"}, {"C", "3"}, {"D", "4"}}}),
        cdk::ValidationError);
    // extract_metric: a filter `<namespace>_<name>` on the field, and its metric.
    const cdk::cloudwatch::Metric extracted = group.extract_metric("$.size", "App", "Size");
    EXPECT_NE(group.node().try_find_child("App_Size"), nullptr);
    EXPECT_EQ(extracted.metric_name(), "Size");
    EXPECT_EQ(group.metric_incoming_bytes().statistic(), "Sum");
    EXPECT_EQ(group.metric_incoming_log_events().namespace_(), "AWS/Logs");
}

TEST(LogGroup, ServicePrincipalGrantGoesToTheResourcePolicy) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    logs::LogGroup group(stack, "Group");
    group.grant_write(cdk::iam::ServicePrincipal("delivery.logs.amazonaws.com"));
    const Json t = cdk::render_stack_template(stack);
    Json policy;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::Logs::ResourcePolicy") policy = r;
    }
    ASSERT_TRUE(policy.is_object()) << t.dump(1);
    // Names.uniqueId of the policy construct: the stack's id included.
    EXPECT_EQ(policy["Properties"]["PolicyName"], cdk::make_unique_id({"S", "Group", "Policy"}));
    const Json parts = policy["Properties"]["PolicyDocument"]["Fn::Join"][1];
    EXPECT_EQ(
        parts[0],
        "{\"Statement\":[{\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Effect\":\"Allow\","
        "\"Principal\":{\"Service\":\"delivery.logs.amazonaws.com\"},\"Resource\":\"");
}
