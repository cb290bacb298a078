#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/intrinsic.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

std::string ref(const std::string& name) {
    return Token::as_string(Intrinsic::make(Json{{"Ref", name}}));
}

TEST(Resolve, EmbeddedTokensBecomeFnJoinWithMergedLiterals) {
    // The basic_resources golden case: `${Aws.ACCOUNT_ID}-${queue.getAtt("QueueName")}`.
    const std::string att = Fn::get_att("Queue", "QueueName");
    const Json out = resolve(Json(Aws::ACCOUNT_ID + "-" + att));
    EXPECT_EQ(
        out, Json::parse(
                 R"({"Fn::Join":["",[{"Ref":"AWS::AccountId"},"-",{"Fn::GetAtt":["Queue","QueueName"]}]]})"));
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

/// A string of several fragments resolves to what folding their values with cloudformation_concat gives
/// (aws-cdk-lib's fragments.join(concat)), for every sequence of up to four of these fragments.
TEST(Resolve, ManyFragmentsGiveWhatFoldingThemWithConcatGives) {
    const std::vector<Json> kinds = {
        Json("lit"),
        Json(7),
        Json{{"Ref", "X"}},
        Json::parse(R"({"Fn::Join":["",["a",{"Ref":"Y"}]]})"),
        Json::parse(R"({"Fn::Join":["",["b","c"]]})"),
        Json::parse(R"({"Fn::Join":[",",["d",{"Ref":"Z"}]]})"),
        Json(""),
    };
    std::vector<std::string> markers;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        // Literal text stands for itself; every other kind is a token producing that value.
        markers.push_back(k == 0 ? std::string("lit") : Token::as_string(Intrinsic::make(kinds[k])));
    }
    std::size_t checked = 0;
    for (std::size_t length = 2; length <= 4; ++length) {
        std::vector<std::size_t> pick(length, 0);
        for (;;) {
            std::string text;
            Json folded;
            bool adjacent_literals = false;
            for (std::size_t i = 0; i < length; ++i) {
                adjacent_literals = adjacent_literals || (i > 0 && pick[i] == 0 && pick[i - 1] == 0);
                text += markers[pick[i]];
                folded = i == 0 ? kinds[pick[i]] : detail::cloudformation_concat(folded, kinds[pick[i]]);
            }
            // Adjacent literals are one fragment of the string, not two.
            if (!adjacent_literals) {
                EXPECT_EQ(resolve(Json(text)), folded) << text;
                ++checked;
            }
            std::size_t i = 0;
            while (i < length && ++pick[i] == kinds.size()) {
                pick[i++] = 0;
            }
            if (i == length) {
                break;
            }
        }
    }
    EXPECT_GT(checked, 2000U);
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
    find_tokens(Json{{"a", ref("X")}, {"b", Json::array({"x" + ref("Y")})}}, {},
                [&](const IResolvable&) { ++seen; });
    EXPECT_EQ(seen, 2);
}

} // namespace
} // namespace cdk
