// localcloud EventBridge: the event-pattern checks of PutRule and the matcher of PutEvents, and the
// input transformer.
#include "localcloud/events/event_pattern.hpp"
#include "localcloud/events/events_delivery.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::events {
namespace {

Json event() {
    return Json::parse(R"({"version":"0","id":"e-1","detail-type":"OrderPlaced","source":"app.orders",
        "account":"111111111111","time":"2026-12-07T17:00:00Z","region":"ap-southeast-2",
        "resources":["arn:aws:s3:::b"],
        "detail":{"amount":150,"state":"live","tags":["a","b"],"ip":"10.0.1.7","name":"Widget-Pro",
                  "nested":{"deep":true},"empty":null}})");
}

bool matches(const std::string& pattern) {
    auto p = parse_event_pattern(pattern);
    EXPECT_TRUE(p) << pattern << ": " << p.error().to_string();
    return p && pattern_matches(*p, event());
}

TEST(EventsPattern, ExactValuesArraysAndNesting) {
    EXPECT_TRUE(matches(R"({"source":["app.orders"]})"));
    EXPECT_TRUE(matches(R"({"source":["x","app.orders"],"detail-type":["OrderPlaced"]})"));
    EXPECT_FALSE(matches(R"({"source":["x"]})"));
    EXPECT_TRUE(matches(R"({"detail":{"amount":[150]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"amount":[150.0]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"tags":["b"]}})")); // an array matches when one element does
    EXPECT_TRUE(matches(R"({"resources":["arn:aws:s3:::b"]})"));
    EXPECT_TRUE(matches(R"({"detail":{"nested":{"deep":[true]}}})"));
    EXPECT_FALSE(matches(R"({"detail":{"nested":{"deep":[false]}}})"));
    EXPECT_TRUE(matches(R"({"detail":{"empty":[null]}})"));
    EXPECT_FALSE(matches(R"({"detail":{"missing":["x"]}})"));
}

TEST(EventsPattern, ContentFilters) {
    EXPECT_TRUE(matches(R"({"source":[{"prefix":"app."}]})"));
    EXPECT_TRUE(matches(R"({"source":[{"prefix":{"equals-ignore-case":"APP."}}]})"));
    EXPECT_TRUE(matches(R"({"detail":{"name":[{"suffix":"-Pro"}]}})"));
    EXPECT_FALSE(matches(R"({"detail":{"name":[{"suffix":"-pro"}]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"name":[{"suffix":{"equals-ignore-case":"-pro"}}]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"name":[{"equals-ignore-case":"widget-pro"}]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"name":[{"wildcard":"Wid*-P*"}]}})"));
    EXPECT_FALSE(matches(R"({"detail":{"name":[{"wildcard":"Wid*-X*"}]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"state":[{"anything-but":"test"}]}})"));
    EXPECT_FALSE(matches(R"({"detail":{"state":[{"anything-but":["test","live"]}]}})"));
    EXPECT_FALSE(matches(R"({"detail":{"state":[{"anything-but":{"prefix":"li"}}]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"state":[{"anything-but":{"suffix":"xx"}}]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"amount":[{"numeric":[">",100,"<=",150]}]}})"));
    EXPECT_FALSE(matches(R"({"detail":{"amount":[{"numeric":["<",100]}]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"amount":[{"numeric":["=",150]}]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"ip":[{"cidr":"10.0.0.0/16"}]}})"));
    EXPECT_FALSE(matches(R"({"detail":{"ip":[{"cidr":"10.1.0.0/16"}]}})"));
    EXPECT_TRUE(matches(R"({"detail":{"amount":[{"exists":true}],"missing":[{"exists":false}]}})"));
    EXPECT_FALSE(matches(R"({"detail":{"missing":[{"exists":true}]}})"));
    EXPECT_FALSE(matches(R"({"detail":{"amount":[{"exists":false}]}})"));
    EXPECT_TRUE(matches(R"({"nothere":{"x":[{"exists":false}]}})"));
    // anything-but does not match a missing field
    EXPECT_FALSE(matches(R"({"detail":{"missing":[{"anything-but":"x"}]}})"));
}

TEST(EventsPattern, OrAlternatives) {
    EXPECT_TRUE(matches(R"({"$or":[{"source":["x"]},{"detail":{"amount":[150]}}]})"));
    EXPECT_FALSE(matches(R"({"$or":[{"source":["x"]},{"detail":{"amount":[1]}}]})"));
}

TEST(EventsPattern, RefusesWhatPutRuleRefuses) {
    for (const char* bad :
         {R"([])", R"({})", R"({"source":"a"})", R"({"source":[]})", R"({"source":[[1]]})",
          R"({"source":[{"prefix":1}]})", R"({"source":[{"unknown":"x"}]})",
          R"({"source":[{"prefix":"a","suffix":"b"}]})", R"({"n":[{"numeric":["<<",1]}]})",
          R"({"n":[{"numeric":[">",1,">",2]}]})", R"({"n":[{"numeric":[">","1"]}]})",
          R"({"n":[{"exists":"yes"}]})", R"({"n":[{"cidr":"10.0.0.0"}]})",
          R"({"n":[{"cidr":"10.0.0.0/33"}]})", R"({"n":[{"anything-but":[]}]})",
          R"({"n":[{"anything-but":{"numeric":[">",1]}}]})", R"({"$or":[{"a":["x"]}]})", "not json"}) {
        auto p = parse_event_pattern(bad);
        ASSERT_FALSE(p) << bad;
        EXPECT_EQ(p.error().code, "InvalidEventPatternException") << bad;
    }
    // Bounded: too long and too deep.
    EXPECT_FALSE(parse_event_pattern("{\"a\":[\"" + std::string(kMaxPatternBytes, 'x') + "\"]}"));
    std::string deep = "[1]";
    for (int i = 0; i < kMaxPatternDepth + 2; ++i)
        deep = "{\"a\":" + deep + "}";
    EXPECT_FALSE(parse_event_pattern(deep));
}

TEST(EventsPattern, WildcardIsLinearAndEscapable) {
    auto p = parse_event_pattern(R"({"detail":{"name":[{"wildcard":"a*a*a*a*a*a*a*a*a*b"}]}})");
    ASSERT_TRUE(p);
    Json e = event();
    e["detail"]["name"] = std::string(2000, 'a');
    EXPECT_FALSE(pattern_matches(*p, e));
    auto star = parse_event_pattern(R"({"detail":{"name":[{"wildcard":"x\\*y"}]}})");
    ASSERT_TRUE(star);
    e["detail"]["name"] = "x*y";
    EXPECT_TRUE(pattern_matches(*star, e));
    e["detail"]["name"] = "xzy";
    EXPECT_FALSE(pattern_matches(*star, e));
}

TEST(EventsInputTransformer, PathsTemplatesAndPredefinedKeys) {
    const Json e = event();
    EXPECT_EQ(json_path(e, "$.detail.amount"), Json(150));
    EXPECT_EQ(json_path(e, "$.detail.tags[1]"), Json("b"));
    EXPECT_EQ(json_path(e, "$['detail-type']"), Json("OrderPlaced"));
    EXPECT_EQ(json_path(e, "$.detail.nope"), std::nullopt);
    EXPECT_EQ(json_path(e, "detail"), std::nullopt);

    const Json t =
        Json::parse(R"({"InputTransformer":{"InputPathsMap":{"a":"$.detail.amount","s":"$.detail.state",
        "n":"$.detail.nested","m":"$.detail.missing"},
        "InputTemplate":"{\"amount\": <a>, \"state\": <s>, \"text\": \"<s> at <a>\", \"n\": <n>, \"m\": <m>, \"r\": \"<aws.events.rule-name>\"}"}})");
    EXPECT_EQ(
        target_input(t, e, "rule-1", "arn:r"),
        R"({"amount": 150, "state": "live", "text": "live at 150", "n": {"deep":true}, "m": null, "r": "rule-1"})");
    EXPECT_EQ(target_input(Json{{"Input", "{\"x\":1}"}}, e, "r", "a"), "{\"x\":1}");
    EXPECT_EQ(target_input(Json{{"InputPath", "$.detail.tags"}}, e, "r", "a"), R"(["a","b"])");
    EXPECT_EQ(Json::parse(target_input(Json::object(), e, "r", "a")), e);
    const Json quote = Json::parse(
        R"({"InputTransformer":{"InputPathsMap":{"v":"$.detail.v"},"InputTemplate":"\"say <v>\""}})");
    Json odd = e;
    odd["detail"]["v"] = "a \"quoted\" word";
    EXPECT_EQ(target_input(quote, odd, "r", "a"), R"("say a \"quoted\" word")");
}

} // namespace
} // namespace cdk::localcloud::events
