// events::RuleTargetInput and EventField: text, objects, paths, input transformers as aws-cdk-lib renders
// them.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/events/input.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/resolve.hpp"

#include <gtest/gtest.h>

namespace events = cdk::events;
using cdk::Json;
using events::EventField;
using events::RuleTargetInput;

namespace {

struct Fixture {
    cdk::App app;
    cdk::Stack stack{app, "S"};
};

} // namespace

TEST(EventsInput, TextIsAJsonString) {
    Fixture f;
    const auto p = RuleTargetInput::from_text("say \"hi\"\n").bind(f.stack);
    ASSERT_TRUE(p.input);
    EXPECT_EQ(*p.input, R"("say \"hi\"\n")");
    EXPECT_FALSE(p.input_path);
    EXPECT_FALSE(p.input_template);
}

TEST(EventsInput, ObjectIsItsJsonWithJavaScriptNumbers) {
    Fixture f;
    const auto p =
        RuleTargetInput::from_object({{"a", 1}, {"b", 2.5}, {"c", 3.0}, {"d", Json::array({true, nullptr})}})
            .bind(f.stack);
    ASSERT_TRUE(p.input);
    EXPECT_EQ(*p.input, R"({"a":1,"b":2.5,"c":3,"d":[true,null]})");
}

TEST(EventsInput, EventPathIsInputPath) {
    Fixture f;
    const auto p = RuleTargetInput::from_event_path("$.detail").bind(f.stack);
    ASSERT_TRUE(p.input_path);
    EXPECT_EQ(*p.input_path, "$.detail");
    EXPECT_FALSE(p.input);
}

TEST(EventsInput, FieldsInAnObjectBecomeUnquotedPlaceholders) {
    Fixture f;
    const auto p =
        RuleTargetInput::from_object({{"id", EventField::event_id()},
                                      {"say", "<id> stays quoted in text: " + EventField::event_id()},
                                      {"state", EventField::from_path("$.detail.state")},
                                      {"list", Json::array({EventField::detail_type()})}})
            .bind(f.stack);
    ASSERT_TRUE(p.input_template);
    EXPECT_FALSE(p.input);
    EXPECT_EQ(
        *p.input_template,
        R"({"id":<id>,"list":[<detail-type>],"say":"<id> stays quoted in text: <id>","state":<detail-state>})");
    EXPECT_EQ(p.input_paths_map,
              Json::parse(R"({"id":"$.id","detail-type":"$.detail-type","detail-state":"$.detail.state"})"));
}

TEST(EventsInput, FieldsInTextStayQuoted) {
    Fixture f;
    const auto p = RuleTargetInput::from_text("Build " + EventField::from_path("$.detail.build-id") + " is " +
                                              EventField::from_path("$.detail['status']"))
                       .bind(f.stack);
    ASSERT_TRUE(p.input_template);
    EXPECT_EQ(*p.input_template, R"("Build <detail-build-id> is <detail--status-->")");
    EXPECT_EQ(
        p.input_paths_map,
        Json::parse(R"({"detail-build-id":"$.detail.build-id","detail--status--":"$.detail['status']"})"));
}

TEST(EventsInput, MultilineTextIsOneJsonStringPerLine) {
    Fixture f;
    const auto p = RuleTargetInput::from_multiline_text("one\n" + EventField::time() + " two").bind(f.stack);
    ASSERT_TRUE(p.input_template);
    EXPECT_EQ(*p.input_template, "\"one\"\n\"<time> two\"");
    const auto plain = RuleTargetInput::from_multiline_text("a\nb").bind(f.stack);
    ASSERT_TRUE(plain.input);
    EXPECT_EQ(*plain.input, "\"a\"\n\"b\"");
}

TEST(EventsInput, AFieldWithoutAHintGetsACountedKey) {
    Fixture f;
    const auto p = RuleTargetInput::from_object({{"all", EventField::from_path("$")}}).bind(f.stack);
    ASSERT_TRUE(p.input_template);
    EXPECT_EQ(*p.input_template, R"({"all":<f1>})");
    EXPECT_EQ(p.input_paths_map, Json::parse(R"({"f1":"$"})"));
}

TEST(EventsInput, FailsWhenOneKeyStandsForTwoPaths) {
    Fixture f;
    // `$.a-b` and `$.a.b` both get the key `a-b`.
    EXPECT_THROW((void)RuleTargetInput::from_object(
                     {{"x", EventField::from_path("$.a-b")}, {"y", EventField::from_path("$.a.b")}})
                     .bind(f.stack),
                 cdk::ValidationError);
}

TEST(EventsInput, OtherTokensStayTokensInTheJsonText) {
    Fixture f;
    const auto p = RuleTargetInput::from_object({{"ref", cdk::Fn::ref("Queue")}}).bind(f.stack);
    ASSERT_TRUE(p.input);
    EXPECT_EQ(cdk::resolve(Json(*p.input), {.scope = &f.stack}),
              Json::parse(R"({"Fn::Join":["",["{\"ref\":\"",{"Ref":"Queue"},"\"}"]]})"));
}
