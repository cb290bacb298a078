#include "localcloud/sns/sns_filter.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::sns {
namespace {

bool passes(const char* policy, const Json& document) {
    auto p = parse_filter_policy(policy);
    EXPECT_TRUE(p) << policy << ": " << (p ? "" : p.error().message);
    return p && filter_matches(*p, document);
}

Json attrs(const Json& pairs) {
    Json out = Json::object();
    for (const auto& [name, v] : pairs.items())
        out[name] = {{"DataType", v[0]}, {"StringValue", v[1]}};
    return attributes_document(out);
}

TEST(SnsFilter, ExactPrefixSuffixAndAnythingBut) {
    const Json doc = attrs({{"colour", {"String", "blue"}}, {"size", {"Number", "15"}}});
    EXPECT_TRUE(passes(R"({"colour": ["red", "blue"]})", doc));
    EXPECT_FALSE(passes(R"({"colour": ["red"]})", doc));
    EXPECT_TRUE(passes(R"({"colour": [{"prefix": "bl"}]})", doc));
    EXPECT_TRUE(passes(R"({"colour": [{"suffix": "ue"}]})", doc));
    EXPECT_TRUE(passes(R"({"colour": [{"equals-ignore-case": "BLUE"}]})", doc));
    EXPECT_FALSE(passes(R"({"colour": [{"anything-but": ["blue", "red"]}]})", doc));
    EXPECT_TRUE(passes(R"({"colour": [{"anything-but": {"prefix": "re"}}]})", doc));
    // every key must match (AND)
    EXPECT_FALSE(passes(R"({"colour": ["blue"], "size": [1]})", doc));
    EXPECT_TRUE(passes(R"({"colour": ["blue"], "size": [15]})", doc));
}

TEST(SnsFilter, NumericExistsArraysOrAndNesting) {
    const Json doc = attrs({{"size", {"Number", "15.5"}}, {"tags", {"String.Array", R"(["a", "urgent"])"}}});
    EXPECT_TRUE(passes(R"({"size": [{"numeric": [">", 10, "<=", 20]}]})", doc));
    EXPECT_FALSE(passes(R"({"size": [{"numeric": ["<", 10]}]})", doc));
    EXPECT_TRUE(passes(R"({"tags": ["urgent"]})", doc));
    EXPECT_TRUE(passes(R"({"missing": [{"exists": false}]})", doc));
    EXPECT_FALSE(passes(R"({"missing": [{"exists": true}]})", doc));
    EXPECT_FALSE(passes(R"({"missing": [{"anything-but": "x"}]})", doc)); // anything-but needs the key
    EXPECT_TRUE(passes(R"({"$or": [{"size": [1]}, {"tags": ["a"]}]})", doc));
    EXPECT_FALSE(passes(R"({"$or": [{"size": [1]}, {"tags": ["b"]}]})", doc));
    const Json body = Json::parse(R"({"order": {"status": "paid", "items": [{"sku": 1}], "total": 120}})");
    EXPECT_TRUE(passes(R"({"order": {"status": ["paid"], "total": [{"numeric": [">=", 100]}]}})", body));
    EXPECT_FALSE(passes(R"({"order": {"status": ["open"]}})", body));
    // a string and a number are different values
    EXPECT_FALSE(passes(R"({"order": {"total": ["120"]}})", body));
}

TEST(SnsFilter, MalformedPoliciesAreInvalidParameter) {
    for (const char* bad : {"{not json", "[]", "{}", R"({"a": "x"})", R"({"a": []})",
                            R"({"a": [{"regex": "x"}]})", R"({"a": [{"numeric": ["~", 1]}]})",
                            R"({"a": [{"exists": "yes"}]})", R"({"$or": [{"a": ["x"]}]})"}) {
        auto p = parse_filter_policy(bad);
        ASSERT_FALSE(p) << bad;
        EXPECT_EQ(p.error().code, "InvalidParameter") << bad;
        EXPECT_NE(p.error().message.find("FilterPolicy"), std::string::npos) << bad;
    }
}

} // namespace
} // namespace cdk::localcloud::sns
