#include "core/json_reader.hpp"

#include <gtest/gtest.h>

#include <random>

namespace cdk::json {
namespace {

using OJson = nlohmann::ordered_json;

/// Parses with parse_ordered and with nlohmann; both must give the same document, keys in the same order.
void expect_like_nlohmann(const std::string& text) {
    auto ours = parse_ordered(text);
    ASSERT_TRUE(ours) << ours.error().message;
    const OJson theirs = OJson::parse(text);
    EXPECT_EQ(*ours, theirs);
    EXPECT_EQ(ours->dump(), theirs.dump()); // == on ordered_json ignores nothing, but dump shows the order
}

TEST(JsonReaderTest, SameDocumentAsNlohmann) {
    expect_like_nlohmann(
        R"({"z":1,"a":[true,false,null,-1,18446744073709551615,0.5,"s\u00e9\n"],"m":{},"e":[]})");
    expect_like_nlohmann(R"("just a string")");
    expect_like_nlohmann("42");
    expect_like_nlohmann(R"([[[{"deep":{"deeper":[{"k":"v"}]}}]]])");
    expect_like_nlohmann(" {\"ws\" :\t[ 1 , 2 ]\n} ");
}

TEST(JsonReaderTest, RepeatedKeysKeepFirstPositionAndLastValue) {
    // What nlohmann::ordered_json::parse does (ordered_map::operator[] finds the first occurrence).
    const std::string small = R"({"a":1,"b":2,"a":{"x":[3]},"c":4,"b":5})";
    expect_like_nlohmann(small);
    auto parsed = parse_ordered(small);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->dump(), R"({"a":{"x":[3]},"b":5,"c":4})");
    // Large objects (the hash-set path), with repeats far apart and nested.
    std::string big = "{";
    for (int i = 0; i < 100; ++i)
        big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    big += R"("k7":"again","k99":{"inner":1,"inner":2},"k0":[0],"k7":"last"})";
    expect_like_nlohmann(big);
    parsed = parse_ordered(big);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->size(), 100U);
    EXPECT_EQ((*parsed)["k7"], "last");
    EXPECT_EQ((*parsed)["k99"].dump(), R"({"inner":2})");
    EXPECT_EQ(parsed->begin().key(), "k0");
}

TEST(JsonReaderTest, RandomObjectsWithRepeatedKeys) {
    std::mt19937 rng(11);
    for (int round = 0; round < 200; ++round) {
        const int n = std::uniform_int_distribution<int>(0, 40)(rng);
        const int distinct = std::uniform_int_distribution<int>(1, 30)(rng);
        std::string text = "{";
        for (int i = 0; i < n; ++i) {
            if (i > 0) text += ",";
            text += "\"k" + std::to_string(std::uniform_int_distribution<int>(0, distinct)(rng)) + "\":";
            text += (i % 3 == 0) ? "{\"n\":" + std::to_string(i) + "}" : std::to_string(i);
        }
        text += "}";
        expect_like_nlohmann(text);
        if (HasFailure()) FAIL() << text;
    }
}

TEST(JsonReaderTest, ObjectOfTwentyThousandKeys) {
    std::string text = "{";
    for (int i = 0; i < 20000; ++i) {
        if (i > 0) text += ",\n";
        text += "\"/Big/Resource" + std::to_string(19999 - i) +
                "/Resource\":[{\"type\":\"aws:cdk:logicalId\",\"data\":\"R" + std::to_string(i) + "\"}]";
    }
    text += "}";
    auto parsed = parse_ordered(text);
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->size(), 20000U);
    int i = 0;
    for (const auto& [key, value] : parsed->items()) { // file order, not sorted
        ASSERT_EQ(key, "/Big/Resource" + std::to_string(19999 - i) + "/Resource");
        ASSERT_EQ(value[0]["data"], "R" + std::to_string(i));
        ++i;
    }
    // The same members as nlohmann's sorted parse (its ordered parse is quadratic: seconds at this size).
    EXPECT_EQ(Json(*parsed), Json::parse(text));
}

TEST(JsonReaderTest, MalformedTextNamesTheBytePosition) {
    auto r = parse_ordered(R"({"version": "55.0.0", "artifacts": {)");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "JsonMalformed");
    EXPECT_EQ(r.error().message.rfind("at byte 37: ", 0), 0U) << r.error().message;
    EXPECT_NE(r.error().message.find("syntax error"), std::string::npos) << r.error().message;
    auto trailing = parse_ordered("{} x");
    ASSERT_FALSE(trailing);
    EXPECT_EQ(trailing.error().message.rfind("at byte 4: ", 0), 0U) << trailing.error().message;
    EXPECT_FALSE(parse_ordered(""));
    EXPECT_FALSE(parse_ordered(R"({"a":1,})"));
}

} // namespace
} // namespace cdk::json
