// events::EventBus: names, imports, grants, resource policies, and rules on a bus.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/events/event_bus.hpp"
#include "lib/events/rule.hpp"
#include "lib/iam/role.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace events = cdk::events;
namespace iam = cdk::iam;
using cdk::Json;

TEST(EventsEventBus, GeneratesItsNameFromThePathOrTakesTheGivenOne) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    events::EventBus generated(stack, "Bus");
    events::EventBus named(stack, "Named", {.event_bus_name = "orders", .description = "d"});
    events::EventBus partner(stack, "Partner", {.event_source_name = "aws.partner/acme/orders"});
    const Json t = cdk::render_stack_template(stack);
    EXPECT_EQ(t["Resources"]["BusEA82B648"]["Properties"], Json::parse(R"({"Name":"SBus9A63633F"})"));
    const Json& n = t["Resources"]["NamedD2F31604"]["Properties"];
    EXPECT_EQ(n["Name"], "orders");
    EXPECT_EQ(n["Description"], "d");
    (void)partner;
    bool found = false;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (id.rfind("Partner", 0) == 0) {
            EXPECT_EQ(r["Properties"]["Name"], "aws.partner/acme/orders");
            EXPECT_EQ(r["Properties"]["EventSourceName"], "aws.partner/acme/orders");
            found = true;
        }
    }
    EXPECT_TRUE(found);
}

TEST(EventsEventBus, FailsOnBadNames) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(events::EventBus(stack, "A", {.event_bus_name = "default"}), cdk::ValidationError);
    EXPECT_THROW(events::EventBus(stack, "B", {.event_bus_name = "a/b"}), cdk::ValidationError);
    EXPECT_THROW(events::EventBus(stack, "C", {.event_bus_name = "sp ace"}), cdk::ValidationError);
    EXPECT_THROW(
        events::EventBus(stack, "D", {.event_bus_name = "x", .event_source_name = "aws.partner/a/b"}),
        cdk::ValidationError);
    EXPECT_THROW(events::EventBus(stack, "E", {.event_source_name = "partner/a/b"}), cdk::ValidationError);
    EXPECT_THROW(events::EventBus(stack, "F", {.description = std::string(513, 'x')}), cdk::ValidationError);
}

TEST(EventsEventBus, ImportsByArnAndByName) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"111111111111", "us-east-1"}});
    events::IEventBus& by_arn = events::EventBus::from_event_bus_arn(
        stack, "A", "arn:aws:events:us-east-1:222222222222:event-bus/partner");
    EXPECT_EQ(by_arn.event_bus_name(), "partner");
    EXPECT_EQ(by_arn.resource_account(), "222222222222");
    events::IEventBus& by_name = events::EventBus::from_event_bus_name(stack, "B", "default");
    EXPECT_EQ(by_name.event_bus_name(), "default");
    EXPECT_THROW((void)events::EventBus::from_event_bus_arn(stack, "C", "arn:aws:sqs:us-east-1:1:q"),
                 cdk::ValidationError);
}

TEST(EventsEventBus, ResourcePolicyStatementsNeedASidAndBecomeEventBusPolicies) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    events::EventBus bus(stack, "Bus");
    EXPECT_THROW(bus.add_to_resource_policy(iam::PolicyStatement(
                     {.actions = {"events:PutEvents"}, .principals = {iam::AccountPrincipal("1")}})),
                 cdk::ValidationError);
    const auto result = bus.add_to_resource_policy(
        iam::PolicyStatement({.sid = "Allow",
                              .actions = {"events:PutEvents"},
                              .principals = {iam::AccountPrincipal("123456789012")}}));
    EXPECT_TRUE(result.statement_added);
    ASSERT_NE(bus.node().try_find_child("cdk-Allow"), nullptr);
    const Json t = cdk::render_stack_template(stack);
    int policies = 0;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::Events::EventBusPolicy") continue;
        ++policies;
        EXPECT_EQ(r["Properties"]["StatementId"], "cdk-Allow");
        EXPECT_EQ(r["Properties"]["Statement"]["Sid"], "cdk-Allow");
        EXPECT_EQ(r["Properties"]["EventBusName"], Json::parse(R"({"Ref":"BusEA82B648"})"));
    }
    EXPECT_EQ(policies, 1);
}

TEST(EventsEventBus, GrantsPutEventsToRolesAndWarnsForServicePrincipalsWithoutTheFlag) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    events::EventBus bus(stack, "Bus");
    iam::Role role(stack, "Role", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    EXPECT_TRUE(bus.grant_put_events_to(role).success());
    EXPECT_TRUE(events::EventBus::grant_all_put_events(role).success());
    EXPECT_FALSE(bus.grant_put_events_to(iam::ServicePrincipal("sns.amazonaws.com")).success());
    EXPECT_EQ(bus.node().try_find_child("cdk-Svc"), nullptr);
    const Json t = cdk::render_stack_template(stack);
    bool saw_star = false;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::IAM::Policy") continue;
        for (const auto& s : r["Properties"]["PolicyDocument"]["Statement"])
            saw_star = saw_star || s["Resource"] == "*";
    }
    EXPECT_TRUE(saw_star);
}

TEST(EventsEventBus, WithTheSidFlagAServicePrincipalGetsAResourcePolicyStatement) {
    cdk::App app({.context = {{"@aws-cdk/aws-events:requireEventBusPolicySid", true}}});
    cdk::Stack stack(app, "S");
    events::EventBus bus(stack, "Bus");
    (void)bus.grant_put_events_to(iam::ServicePrincipal("sns.amazonaws.com"), "Svc");
    EXPECT_NE(bus.node().try_find_child("cdk-Svc"), nullptr);
}

TEST(EventsEventBus, RulesOnABusNameIt) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    events::EventBus bus(stack, "Bus");
    events::Rule rule(stack, "R",
                      {.event_pattern = events::EventPattern{.source = {"a"}}, .event_bus = &bus});
    const Json t = cdk::render_stack_template(stack);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::Events::Rule") {
            EXPECT_EQ(r["Properties"]["EventBusName"], Json::parse(R"({"Ref":"BusEA82B648"})"));
        }
    }
    EXPECT_THROW(events::Rule(stack, "Scheduled",
                              {.schedule = events::Schedule::expression("rate(1 day)"), .event_bus = &bus}),
                 cdk::ValidationError);
}
