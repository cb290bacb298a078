#include "localcloud/iam/condition_operators.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::iam {
namespace {

Context ctx(std::initializer_list<std::pair<std::string, std::vector<std::string>>> kv) {
    Context c;
    for (const auto& [k, v] : kv)
        c[context_key(k)] = v;
    return c;
}

TEST(ConditionOperatorsTest, WildcardMatchesStarAndQuestionMark) {
    EXPECT_TRUE(wildcard_match("s3:Get*", "s3:GetObject"));
    EXPECT_TRUE(wildcard_match("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c"));
    EXPECT_TRUE(wildcard_match("a?c", "abc"));
    EXPECT_FALSE(wildcard_match("a?c", "abbc"));
    EXPECT_FALSE(wildcard_match("s3:get*", "s3:GetObject"));
    EXPECT_TRUE(wildcard_match("s3:get*", "s3:GetObject", true));
    EXPECT_TRUE(wildcard_match("*", ""));
}

TEST(ConditionOperatorsTest, StringEqualsAndNegationWithMissingKeys) {
    const Json c = Json::parse(R"({"StringEquals": {"aws:PrincipalAccount": ["1", "2"]}})");
    EXPECT_TRUE(evaluate_conditions(c, ctx({{"aws:principalaccount", {"2"}}})));
    EXPECT_FALSE(evaluate_conditions(c, ctx({{"aws:PrincipalAccount", {"3"}}})));
    EXPECT_FALSE(evaluate_conditions(c, ctx({})));
    const Json n = Json::parse(R"({"StringNotEquals": {"sts:ExternalId": "x"}})");
    EXPECT_TRUE(evaluate_conditions(n, ctx({})));
    EXPECT_FALSE(evaluate_conditions(n, ctx({{"sts:ExternalId", {"x"}}})));
    EXPECT_TRUE(evaluate_conditions(n, ctx({{"sts:ExternalId", {"y"}}})));
}

TEST(ConditionOperatorsTest, LikeIgnoreCaseArnAndIfExists) {
    EXPECT_TRUE(evaluate_conditions(Json::parse(R"({"StringLike": {"k": "ab*"}})"), ctx({{"k", {"abc"}}})));
    EXPECT_FALSE(
        evaluate_conditions(Json::parse(R"({"StringNotLike": {"k": "ab*"}})"), ctx({{"k", {"abc"}}})));
    EXPECT_TRUE(evaluate_conditions(Json::parse(R"({"StringEqualsIgnoreCase": {"k": "ABC"}})"),
                                    ctx({{"k", {"abc"}}})));
    EXPECT_TRUE(
        evaluate_conditions(Json::parse(R"({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::1:role/cdk-*"}})"),
                            ctx({{"aws:PrincipalArn", {"arn:aws:iam::1:role/cdk-x"}}})));
    EXPECT_TRUE(evaluate_conditions(Json::parse(R"({"StringEqualsIfExists": {"k": "a"}})"), ctx({})));
    EXPECT_FALSE(
        evaluate_conditions(Json::parse(R"({"StringEqualsIfExists": {"k": "a"}})"), ctx({{"k", {"b"}}})));
}

TEST(ConditionOperatorsTest, NullBoolNumericDate) {
    EXPECT_TRUE(evaluate_conditions(Json::parse(R"({"Null": {"sts:ExternalId": "true"}})"), ctx({})));
    EXPECT_FALSE(evaluate_conditions(Json::parse(R"({"Null": {"sts:ExternalId": "true"}})"),
                                     ctx({{"sts:ExternalId", {"e"}}})));
    EXPECT_TRUE(evaluate_conditions(Json::parse(R"({"Bool": {"aws:SecureTransport": false}})"),
                                    ctx({{"aws:SecureTransport", {"false"}}})));
    EXPECT_TRUE(
        evaluate_conditions(Json::parse(R"({"NumericLessThanEquals": {"n": "10"}})"), ctx({{"n", {"3"}}})));
    EXPECT_FALSE(
        evaluate_conditions(Json::parse(R"({"NumericGreaterThan": {"n": 10}})"), ctx({{"n", {"3"}}})));
    EXPECT_TRUE(
        evaluate_conditions(Json::parse(R"({"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}})"),
                            ctx({{"aws:CurrentTime", {"2026-11-26T04:00:00Z"}}})));
    EXPECT_FALSE(evaluate_conditions(Json::parse(R"({"Fancy": {"k": "v"}})"), ctx({{"k", {"v"}}})));
}

TEST(ConditionOperatorsTest, SetOperators) {
    const Json any = Json::parse(R"({"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}})");
    EXPECT_TRUE(evaluate_conditions(any, ctx({{"aws:TagKeys", {"z", "b"}}})));
    EXPECT_FALSE(evaluate_conditions(any, ctx({{"aws:TagKeys", {"z"}}})));
    EXPECT_FALSE(evaluate_conditions(any, ctx({})));
    const Json all = Json::parse(R"({"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}})");
    EXPECT_TRUE(evaluate_conditions(all, ctx({{"aws:TagKeys", {"a", "b"}}})));
    EXPECT_FALSE(evaluate_conditions(all, ctx({{"aws:TagKeys", {"a", "c"}}})));
    EXPECT_TRUE(evaluate_conditions(all, ctx({})));
}

TEST(ConditionOperatorsTest, PolicyVariables) {
    EXPECT_EQ(substitute_variables("arn:aws:s3:::b/${aws:username}/*", ctx({{"aws:username", {"bob"}}})),
              "arn:aws:s3:::b/bob/*");
    EXPECT_NE(substitute_variables("${aws:username}", ctx({})), "");
}

} // namespace
} // namespace cdk::localcloud::iam
