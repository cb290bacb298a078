// AWS::Events::Rule and AWS::Events::EventBus providers against a temporary store.
#include "localcloud/events/events_backend.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using EventsProviderTest = ProviderTest;

Result<std::optional<Json>> rule(Store& store, const std::string& key) {
    return store.read<std::optional<Json>>([&](Tx& tx) {
        return tx.get(Scope{kAccount, kRegion}, "events:rule", key);
    });
}

TEST_F(EventsProviderTest, BusAndRuleWithTargetsCreateUpdateRemove) {
    auto& buses = provider("AWS::Events::EventBus");
    auto& rules = provider("AWS::Events::Rule");
    auto b = buses.create(request(admin(), "Bus", Json{{"Name", "orders"}}));
    ASSERT_TRUE(b) << b.error().to_string();
    EXPECT_EQ(b->physical_id, "orders");
    EXPECT_EQ(b->attributes["Arn"],
              std::string("arn:aws:events:") + kRegion + ":" + kAccount + ":event-bus/orders");
    EXPECT_EQ(b->attributes["Name"], "orders");
    EXPECT_FALSE(buses.create(request(admin(), "Again", Json{{"Name", "orders"}}))); // exists

    const Json t0{{"Id", "Target0"}, {"Arn", std::string("arn:aws:sqs:") + kRegion + ":" + kAccount + ":q"}};
    const Json t1{{"Id", "Target1"},
                  {"Arn", std::string("arn:aws:sqs:") + kRegion + ":" + kAccount + ":q2"},
                  {"RetryPolicy", {{"MaximumRetryAttempts", "2"}}}};
    const Json props{{"EventBusName", "orders"},
                     {"EventPattern", {{"source", Json::array({"shop"})}}},
                     {"Targets", Json::array({t0, t1})}};
    auto r = rules.create(request(admin(), "Rule", props));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id.rfind("orders|Rule-", 0), 0U) << r->physical_id;
    const std::string name = r->physical_id.substr(7);
    EXPECT_EQ(r->attributes["Arn"],
              std::string("arn:aws:events:") + kRegion + ":" + kAccount + ":rule/orders/" + name);
    auto stored = rule(*store_, r->physical_id);
    ASSERT_TRUE(stored && stored->has_value());
    EXPECT_EQ((**stored)["EventPattern"], R"({"source":["shop"]})");
    ASSERT_EQ((**stored)["Targets"].size(), 2U);
    EXPECT_EQ((**stored)["Targets"][1]["RetryPolicy"]["MaximumRetryAttempts"], 2);

    // Update: Target1 goes, the state changes.
    Json next_props = props;
    next_props["Targets"] = Json::array({t0});
    next_props["State"] = "DISABLED";
    auto next = request(admin(), "Rule", next_props, r->physical_id);
    next.previous_properties = props;
    ASSERT_TRUE(rules.update(next));
    stored = rule(*store_, r->physical_id);
    EXPECT_EQ((**stored)["Targets"].size(), 1U);
    EXPECT_EQ((**stored)["State"], "DISABLED");

    // Update onto the default bus: the rule moves (same name), the old one is gone.
    Json moved_props = next_props;
    moved_props.erase("EventBusName");
    auto move = request(admin(), "Rule", moved_props, r->physical_id);
    move.previous_properties = next_props;
    auto moved = rules.update(move);
    ASSERT_TRUE(moved) << moved.error().to_string();
    EXPECT_EQ(moved->physical_id, name);
    EXPECT_FALSE(rule(*store_, r->physical_id)->has_value());
    EXPECT_EQ((**rule(*store_, "default|" + name))["Targets"].size(), 1U);

    ASSERT_TRUE(rules.remove(request(admin(), "Rule", moved_props, moved->physical_id)));
    ASSERT_TRUE(rules.remove(request(admin(), "Rule", moved_props, moved->physical_id))); // idempotent
    EXPECT_FALSE(rule(*store_, "default|" + name)->has_value());
    ASSERT_TRUE(buses.remove(request(admin(), "Bus", Json{{"Name", "orders"}}, "orders")));
    ASSERT_TRUE(buses.remove(request(admin(), "Bus", Json{{"Name", "orders"}}, "orders")));
}

TEST_F(EventsProviderTest, RuleOnTheDefaultBusBadPatternAndDenial) {
    auto& rules = provider("AWS::Events::Rule");
    auto r = rules.create(
        request(admin(), "Timer", Json{{"Name", "nightly"}, {"ScheduleExpression", "rate(1 day)"}}));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id, "nightly");
    EXPECT_EQ(r->attributes["Arn"],
              std::string("arn:aws:events:") + kRegion + ":" + kAccount + ":rule/nightly");
    // The schedule is in the scheduler's index until the rule is removed.
    const auto indexed = [&] {
        auto e = store_->read<std::optional<Json>>([&](Tx& tx) {
            return tx.get(events::EventsBackend::kScheduleScope, events::EventsBackend::kScheduleKind,
                          std::string(kAccount) + "|" + kRegion + "|nightly");
        });
        return e && e->has_value() ? (**e).value("ScheduleExpression", "") : std::string();
    };
    EXPECT_EQ(indexed(), "rate(1 day)");
    ASSERT_TRUE(rules.remove(request(admin(), "Timer", Json::object(), "nightly")));
    EXPECT_EQ(indexed(), "");
    auto bad = rules.create(request(admin(), "Bad", Json{{"EventPattern", {{"source", "x"}}}}));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "InvalidEventPatternException");
    // Allowed to put the rule but not its targets: nothing is left behind (one transaction).
    auto denied =
        rules.create(request(limited("events:PutRule"), "D",
                             Json{{"Name", "denied"},
                                  {"EventPattern", {{"source", Json::array({"x"})}}},
                                  {"Targets", Json::array({{{"Id", "t"}, {"Arn", "arn:aws:sqs:a:1:q"}}})}}));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("events:PutTargets"), std::string::npos) << denied.error().message;
    EXPECT_FALSE(rule(*store_, "default|denied")->has_value());
}

TEST_F(EventsProviderTest, BusPolicyStatementsPutAndRemoved) {
    auto& policies = provider("AWS::Events::EventBusPolicy");
    const auto policy_of = [&]() -> Json {
        auto b = store_->read<std::optional<Json>>([&](Tx& tx) {
            return tx.get(Scope{kAccount, kRegion}, "events:bus", "default");
        });
        if (!b || !b->has_value() || !(**b).contains("Policy")) return Json();
        return Json::parse((**b)["Policy"].get<std::string>());
    };
    const Json statement{{"Effect", "Allow"},
                         {"Action", "events:PutEvents"},
                         {"Principal", {{"AWS", "arn:aws:iam::222222222222:root"}}}};
    auto one = policies.create(
        request(admin(), "One", Json{{"StatementId", "allow-222"}, {"Statement", statement}}));
    ASSERT_TRUE(one) << one.error().to_string();
    EXPECT_EQ(one->physical_id, "default|allow-222");
    auto two = policies.create(request(admin(), "Two", Json{{"StatementId", "legacy"}, {"Principal", "*"}}));
    ASSERT_TRUE(two) << two.error().to_string();
    Json policy = policy_of();
    ASSERT_EQ(policy["Statement"].size(), 2U);
    EXPECT_EQ(policy["Statement"][0]["Sid"], "allow-222");
    EXPECT_EQ(policy["Statement"][0]["Resource"],
              std::string("arn:aws:events:") + kRegion + ":" + kAccount + ":event-bus/default");
    EXPECT_EQ(policy["Statement"][1]["Principal"], "*");
    EXPECT_EQ(policy["Statement"][1]["Action"], "events:PutEvents");
    EXPECT_FALSE(policies.create(
        request(limited("events:PutRule"), "Denied", Json{{"StatementId", "x"}, {"Statement", statement}})));
    EXPECT_FALSE(policies.create(request(
        admin(), "NoBus", Json{{"EventBusName", "nope"}, {"StatementId", "x"}, {"Statement", statement}})));
    ASSERT_TRUE(policies.remove(request(admin(), "One", Json::object(), one->physical_id)));
    ASSERT_TRUE(policies.remove(request(admin(), "One", Json::object(), one->physical_id))); // gone is fine
    EXPECT_EQ(policy_of()["Statement"].size(), 1U);
    ASSERT_TRUE(policies.remove(request(admin(), "Two", Json::object(), two->physical_id)));
    EXPECT_TRUE(policy_of().is_null());
}

} // namespace
} // namespace cdk::localcloud::testing
