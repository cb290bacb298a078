// localcloud EventBridge: what a target receives (Input, InputPath, InputTransformer).
#include "localcloud/events/events_delivery.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::events {
namespace {

Json event() {
    return Json::parse(R"({"version":"0","id":"e-1","detail-type":"OrderPlaced","source":"app.orders",
        "account":"111111111111","time":"2026-12-07T17:00:00Z","region":"ap-southeast-2",
        "resources":["arn:aws:s3:::b"],
        "detail":{"amount":150,"state":"live","tags":["a","b"],"nested":{"deep":true}}})");
}

TEST(EventsInputTransformer, PathsTemplatesAndPredefinedKeys) {
    const Json e = event();
    EXPECT_EQ(json_path(e, "$.detail.amount"), Json(150));
    EXPECT_EQ(json_path(e, "$.detail.tags[1]"), Json("b"));
    EXPECT_EQ(json_path(e, "$['detail-type']"), Json("OrderPlaced"));
    EXPECT_EQ(json_path(e, "$.detail.nope"), std::nullopt);
    EXPECT_EQ(json_path(e, "detail"), std::nullopt);
    // An index past any size_t is no element (std::stoul threw out_of_range here).
    EXPECT_EQ(json_path(e, "$.detail.tags[99999999999999999999999]"), std::nullopt);

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

TEST(EventsInputTransformer, TextTemplatesAndPredefinedEvents) {
    const Json e = event();
    // A template that is not JSON is text: values go in as text, strings without their quotes.
    const Json text = Json::parse(
        R"({"InputTransformer":{"InputPathsMap":{"s":"$.detail.state","a":"$.detail.amount"},"InputTemplate":"<s> is at <a>"}})");
    EXPECT_EQ(target_input(text, e, "r", "a"), "live is at 150");
    // aws.events.event is the event without its detail; aws.events.event.json the whole event.
    const Json whole = Json::parse(
        R"({"InputTransformer":{"InputTemplate":"{\"e\": <aws.events.event>, \"j\": <aws.events.event.json>, \"t\": \"<aws.events.event.ingestion-time>\", \"arn\": \"<aws.events.rule-arn>\"}"}})");
    const Json out = Json::parse(target_input(whole, e, "rule-1", "arn:aws:events:r:1:rule/rule-1"));
    EXPECT_FALSE(out["e"].contains("detail"));
    EXPECT_EQ(out["e"]["id"], "e-1");
    EXPECT_EQ(out["j"], e);
    EXPECT_EQ(out["t"], "2026-12-07T17:00:00Z");
    EXPECT_EQ(out["arn"], "arn:aws:events:r:1:rule/rule-1");
}

} // namespace
} // namespace cdk::localcloud::events
