// The expression parser and evaluator on their own: what the boto3 test cannot reach cheaply (limits, every
// operator's edge, the update semantics of reading the item as it was).
#include "localcloud/dynamodb/dynamodb_expressions.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::dynamodb {
namespace {

ExpressionContext values(Json v, Json n = Json::object()) {
    return ExpressionContext{std::move(n), std::move(v)};
}

bool holds(const std::string& text, const Json& item, const ExpressionContext& ctx) {
    auto c = parse_condition(text, ctx);
    EXPECT_TRUE(c) << text << ": " << c.error().message;
    if (!c) return false;
    auto r = evaluate_condition(**c, item);
    EXPECT_TRUE(r) << text;
    return r && *r;
}

TEST(DynamoExpressions, ConditionsCompareNumbersNumericallyAndTypesStrictly) {
    const Json item = {
        {"n", {{"N", "10"}}}, {"s", {{"S", "abc"}}}, {"m", {{"M", {{"x", {{"L", {{{"N", "1"}}}}}}}}}}};
    const auto ctx = values({{":nine", {{"N", "9.0"}}},
                             {":ten", {{"N", "1E1"}}},
                             {":sten", {{"S", "10"}}},
                             {":ab", {{"S", "ab"}}},
                             {":one", {{"N", "1"}}}});
    EXPECT_TRUE(holds("n > :nine AND n = :ten", item, ctx));
    EXPECT_FALSE(holds("n = :sten", item, ctx));
    EXPECT_TRUE(holds("n <> :sten", item, ctx));
    EXPECT_FALSE(holds("n < :sten OR n >= :sten", item, ctx)); // different types never order
    EXPECT_TRUE(holds("begins_with(s, :ab) AND m.x[0] = :one AND NOT attribute_exists(m.x[1])", item, ctx));
    EXPECT_TRUE(holds("size(s) BETWEEN :one AND :ten AND n IN (:nine, :ten)", item, ctx));
    EXPECT_TRUE(holds("(attribute_not_exists(nope) OR n = :one) AND s = s", item, ctx));
}

TEST(DynamoExpressions, LimitsAndSyntaxAreValidationErrors) {
    const auto ctx = values({{":v", {{"S", "x"}}}}, {{"#a", "a"}});
    for (const std::string& text :
         {std::string(5000, '('), std::string(kMaxExpressionBytes + 1, ' ') + "a = :v", std::string("a = :w"),
          std::string("#b = :v"), std::string("a = "), std::string("status = :v"),
          std::string("a = :v extra"), std::string("foo(a)"), std::string("a.b.c[") + "1"}) {
        auto c = parse_condition(text, ctx);
        ASSERT_FALSE(c) << text.substr(0, 30);
        EXPECT_EQ(c.error().code, "ValidationException");
    }
    std::string deep;
    for (int i = 0; i < kMaxDepth + 2; ++i)
        deep += "NOT ";
    EXPECT_FALSE(parse_condition(deep + "a = :v", ctx));
    std::string many = "a = :v";
    for (std::size_t i = 0; i < kMaxTokens; ++i)
        many += " OR a = :v";
    EXPECT_FALSE(parse_condition(many, ctx));
    EXPECT_TRUE(parse_condition("#a = :v", ctx));
    EXPECT_TRUE(is_reserved_word("STATUS"));
    EXPECT_FALSE(is_reserved_word("PK"));
}

TEST(DynamoExpressions, UpdatesReadTheItemAsItWasAndRefuseOverlaps) {
    Json item = {{"pk", {{"S", "k"}}}, {"a", {{"N", "1"}}}, {"colours", {{"SS", {"x"}}}}};
    const auto ctx =
        values({{":one", {{"N", "1"}}}, {":s", {{"SS", {"y", "x"}}}}, {":l", {{"L", {{{"S", "e"}}}}}}});
    auto actions = parse_update("SET b = a + :one, a = a - :one ADD colours :s, c :one SET2", ctx);
    EXPECT_FALSE(actions); // SET2 is no clause
    actions = parse_update(
        "SET b = a + :one, a = a - :one, l = list_append(if_not_exists(l, :l), :l) ADD colours :s, c :one",
        ctx);
    ASSERT_TRUE(actions) << actions.error().message;
    std::vector<std::string> touched;
    ASSERT_TRUE(apply_update(*actions, item, touched));
    EXPECT_EQ(item["b"], Json({{"N", "2"}}));
    EXPECT_EQ(item["a"], Json({{"N", "0"}}));
    EXPECT_EQ(item["c"], Json({{"N", "1"}}));
    EXPECT_EQ(item["l"]["L"].size(), 2u);
    EXPECT_EQ(item["colours"]["SS"].size(), 2u);
    EXPECT_EQ(touched, (std::vector<std::string>{"b", "a", "l", "colours", "c"}));
    auto overlap = parse_update("SET m.x = :one, m = :one", ctx);
    ASSERT_TRUE(overlap);
    touched.clear();
    EXPECT_FALSE(apply_update(*overlap, item, touched));
    EXPECT_FALSE(parse_update("SET a = :one SET b = :one", ctx));
}

TEST(DynamoExpressions, ProjectionKeepsNestedElements) {
    const Json item = {{"a", {{"S", "1"}}},
                       {"m", {{"M", {{"x", {{"S", "2"}}}, {"y", {{"S", "3"}}}}}}},
                       {"l", {{"L", {{{"S", "p"}}, {{"S", "q"}}}}}}};
    auto paths = parse_projection("a, m.y, l[1]", {});
    ASSERT_TRUE(paths);
    EXPECT_EQ(
        project(item, *paths),
        Json({{"a", {{"S", "1"}}}, {"m", {{"M", {{"y", {{"S", "3"}}}}}}}, {"l", {{"L", {{{"S", "q"}}}}}}}));
}

} // namespace
} // namespace cdk::localcloud::dynamodb
