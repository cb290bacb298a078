// logs_destinations::LambdaDestination: the permission under the filter and the filter's dependency on it.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/logs_destinations/lambda_destination.hpp"
#include "synth/stack_template.hpp"
#include "synth/synthesis.hpp"

#include <gtest/gtest.h>

namespace logs = cdk::logs;
using cdk::Json;

namespace {

struct Fixture {
    cdk::App app;
    cdk::Stack stack{app, "S"};
    logs::LogGroup group{stack, "Group"};
    cdk::lambda::Function fn{stack,
                             "Fn",
                             {.runtime = cdk::lambda::Runtime::NODEJS_20_X,
                              .handler = "index.handler",
                              .code = cdk::lambda::Code::from_inline("x")}};
    logs::TextPattern pattern = logs::FilterPattern::all_events();
};

} // namespace

TEST(LambdaDestination, PermissionUnderTheFilterAndDependsOn) {
    Fixture f;
    const cdk::logs_destinations::LambdaDestination destination(f.fn);
    logs::SubscriptionFilter& filter =
        f.group.add_subscription_filter("Sub", {.destination = &destination, .filter_pattern = &f.pattern});
    auto* permission = dynamic_cast<cdk::CfnResource*>(filter.node().try_find_child("CanInvokeLambda"));
    ASSERT_NE(permission, nullptr);
    cdk::prepare_app(f.app); // construct dependencies become DependsOn
    const Json t = cdk::render_stack_template(f.stack);
    const Json p = t["Resources"][permission->logical_id()];
    EXPECT_EQ(p["Type"], "AWS::Lambda::Permission");
    EXPECT_EQ(p["Properties"]["Principal"], "logs.amazonaws.com");
    EXPECT_EQ(p["Properties"]["SourceArn"], Json({{"Fn::GetAtt", {f.group.resource().logical_id(), "Arn"}}}));
    EXPECT_EQ(p["Properties"]["FunctionName"], Json({{"Fn::GetAtt", {f.fn.resource().logical_id(), "Arn"}}}));
    const Json s = t["Resources"][filter.resource().logical_id()];
    EXPECT_EQ(s["DependsOn"], Json({permission->logical_id()}));
    EXPECT_EQ(s["Properties"]["DestinationArn"],
              Json({{"Fn::GetAtt", {f.fn.resource().logical_id(), "Arn"}}}));
    EXPECT_EQ(s["Properties"]["FilterPattern"], "");
}

TEST(LambdaDestination, WithoutPermissions) {
    Fixture f;
    const cdk::logs_destinations::LambdaDestination destination(f.fn, {.add_permissions = false});
    logs::SubscriptionFilter& filter =
        f.group.add_subscription_filter("Sub", {.destination = &destination, .filter_pattern = &f.pattern});
    EXPECT_EQ(filter.node().try_find_child("CanInvokeLambda"), nullptr);
    cdk::prepare_app(f.app);
    const Json t = cdk::render_stack_template(f.stack);
    EXPECT_FALSE(t["Resources"][filter.resource().logical_id()].contains("DependsOn"));
}
