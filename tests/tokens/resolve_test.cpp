#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/intrinsic.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

std::string ref(const std::string& name) { return Token::as_string(Intrinsic::make(Json{{"Ref", name}})); }

TEST(Resolve, EmbeddedTokensBecomeFnJoinWithMergedLiterals) {
    // The basic_resources golden case: `${Aws.ACCOUNT_ID}-${queue.getAtt("QueueName")}`.
    const std::string att = Fn::get_att("Queue", "QueueName");
    const Json out = resolve(Json(Aws::ACCOUNT_ID + "-" + att));
    EXPECT_EQ(out, Json::parse(R"({"Fn::Join":["",[{"Ref":"AWS::AccountId"},"-",{"Fn::GetAtt":["Queue","QueueName"]}]]})"));
}

TEST(Resolve, AdjacentLiteralsAndTokensMergeLikeTheCdk) {
    const Json out = resolve(Json("a" + ref("X") + "b" + "c" + ref("Y") + ref("Z") + "d"));
    EXPECT_EQ(out, Json::parse(R"({"Fn::Join":["",["a",{"Ref":"X"},"bc",{"Ref":"Y"},{"Ref":"Z"},"d"]]})"));
}

TEST(Resolve, SingleTokenStringIsTheTokenValue) {
    EXPECT_EQ(resolve(Json(ref("X"))), (Json{{"Ref", "X"}}));
    EXPECT_EQ(resolve(Json("plain")), Json("plain"));
}

TEST(Resolve, LiteralTokenValuesConcatenate) {
    auto lit = Token::as_string(Intrinsic::make(Json("world")));
    auto num = Token::as_string(Intrinsic::make(Json(5)));
    EXPECT_EQ(resolve(Json("hello " + lit + " " + num)), Json("hello world 5"));
}

TEST(Resolve, ListTokenInScalarContextFails) {
    const auto list = Fn::get_azs();
    EXPECT_THROW((void)resolve(Json("x" + list[0])), ValidationError);
}

TEST(Resolve, KeysMayBeTokensResolvingToStrings) {
    auto key = Token::as_string(Intrinsic::make(Json("k")));
    EXPECT_EQ(resolve(Json{{key, 1}}), (Json{{"k", 1}}));
    EXPECT_THROW((void)resolve(Json{{ref("X"), 1}}), ValidationError);
}

TEST(MinimalJoin, SplicesNestedJoinsWithSameDelimiter) {
    std::vector<Json> values = {Json("a"), Json::parse(R"({"Fn::Join":["",["b",{"Ref":"X"}]]})"), Json("c")};
    const auto out = detail::minimal_cloudformation_join("", values);
    EXPECT_EQ(Json(out), Json::parse(R"(["ab",{"Ref":"X"},"c"])"));
    std::vector<Json> other = {Json("a"), Json::parse(R"({"Fn::Join":["-",["b",{"Ref":"X"}]]})")};
    EXPECT_EQ(detail::minimal_cloudformation_join("", other).size(), 2U);
}

TEST(FindTokens, ReportsEveryToken) {
    int seen = 0;
    find_tokens(Json{{"a", ref("X")}, {"b", Json::array({"x" + ref("Y")})}}, {}, [&](const IResolvable&) { ++seen; });
    EXPECT_EQ(seen, 2);
}

} // namespace
} // namespace cdk
