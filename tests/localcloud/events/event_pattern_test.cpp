// localcloud EventBridge: the event-pattern checks of PutRule and the matcher of PutEvents.
#include "localcloud/events/event_pattern.hpp"

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

/// The examples of the EventBridge user guide's "Content filtering in event patterns" and "Event patterns"
/// pages, against events of the shapes they describe.
TEST(EventsPattern, UserGuideExamples) {
    const auto check = [](const char* pattern, const char* event) {
        auto p = parse_event_pattern(pattern);
        EXPECT_TRUE(p) << pattern;
        return p && pattern_matches(*p, Json::parse(event));
    };
    EXPECT_TRUE(check(R"({"time":[{"prefix":"2017-10-02"}]})", R"({"time":"2017-10-02T18:43:48Z"})"));
    EXPECT_FALSE(check(R"({"time":[{"prefix":"2017-10-02"}]})", R"({"time":"2017-10-03T18:43:48Z"})"));
    EXPECT_TRUE(check(R"({"detail":{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}})",
                      R"({"detail":{"service":"eventbridge"}})"));
    EXPECT_TRUE(check(R"({"FileName":[{"suffix":".png"}]})", R"({"FileName":"image.png"})"));
    EXPECT_FALSE(check(R"({"FileName":[{"suffix":".png"}]})", R"({"FileName":"image.PNG"})"));
    EXPECT_TRUE(check(R"({"detail":{"FileName":[{"suffix":{"equals-ignore-case":".png"}}]}})",
                      R"({"detail":{"FileName":"image.PNG"}})"));
    EXPECT_TRUE(check(R"({"detail":{"state":[{"anything-but":"initializing"}]}})",
                      R"({"detail":{"state":"running"}})"));
    EXPECT_FALSE(check(R"({"detail":{"x-limit":[{"anything-but":123}]}})", R"({"detail":{"x-limit":123}})"));
    EXPECT_TRUE(check(R"({"detail":{"x-limit":[{"anything-but":123}]}})", R"({"detail":{"x-limit":456}})"));
    EXPECT_FALSE(check(R"({"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}})",
                       R"({"detail":{"state":"overloaded"}})"));
    EXPECT_FALSE(check(R"({"detail":{"state":[{"anything-but":{"prefix":"init"}}]}})",
                       R"({"detail":{"state":"initializing"}})"));
    EXPECT_TRUE(check(R"({"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}})",
                      R"({"detail":{"FileName":"a.png"}})"));
    EXPECT_FALSE(check(R"({"detail":{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}})",
                       R"({"detail":{"FilePath":"/usr/lib/x"}})"));
    EXPECT_FALSE(
        check(R"({"detail":{"state":[{"anything-but":{"equals-ignore-case":["Stopped","OverLoaded"]}}]}})",
              R"({"detail":{"state":"stopped"}})"));
    const char* numeric = R"({"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],
        "d-count":[{"numeric":["<",10]}],"x-limit":[{"numeric":["=",3.018e2]}]}})";
    EXPECT_TRUE(check(numeric, R"({"detail":{"c-count":5,"d-count":7,"x-limit":301.8}})"));
    EXPECT_FALSE(check(numeric, R"({"detail":{"c-count":0,"d-count":7,"x-limit":301.8}})"));
    EXPECT_TRUE(check(R"({"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}})",
                      R"({"detail":{"sourceIPAddress":"10.0.0.255"}})"));
    EXPECT_FALSE(check(R"({"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}})",
                       R"({"detail":{"sourceIPAddress":"10.0.1.1"}})"));
    EXPECT_TRUE(check(R"({"detail":{"c-count":[{"exists":false}]}})", R"({"detail":{"d-count":1}})"));
    EXPECT_TRUE(check(R"({"detail-type":[{"equals-ignore-case":"ec2 instance state-change notification"}]})",
                      R"({"detail-type":"EC2 Instance State-change Notification"})"));
    EXPECT_TRUE(check(R"({"EventBusArn":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]})",
                      R"({"EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/myEventBus"})"));
    EXPECT_TRUE(check(
        R"({"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},{"d-count":[{"numeric":["<",10]}]},
        {"x-limit":[{"numeric":["=",3.018e2]}]}]}})",
        R"({"detail":{"c-count":9,"d-count":3}})"));
    // Arrays: a pattern value matches an array when it matches one element, also in arrays of objects.
    EXPECT_TRUE(check(R"({"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]})",
                      R"({"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
                      "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f"]})"));
    EXPECT_TRUE(check(R"({"detail":{"items":{"state":["sold"]}}})",
                      R"({"detail":{"items":[{"state":"new"},{"state":"sold"}]}})"));
    EXPECT_FALSE(check(R"({"detail":{"items":{"state":["lost"]}}})",
                       R"({"detail":{"items":[{"state":"new"},{"state":"sold"}]}})"));
    // The EC2 state-change example of "Event patterns".
    EXPECT_TRUE(check(R"({"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],
        "detail":{"state":["running"]}})",
                      R"({"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"111122223333",
        "time":"2017-12-22T18:43:48Z","region":"us-west-1","resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
        "detail":{"instance-id":"i-1234567890abcdef0","state":"running"}})"));
    // Consecutive wildcards are refused.
    EXPECT_FALSE(parse_event_pattern(R"({"a":[{"wildcard":"x**y"}]})"));
}

} // namespace
} // namespace cdk::localcloud::events
