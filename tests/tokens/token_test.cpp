#include "tokens/intrinsic.hpp"
#include "tokens/lazy.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

TEST(Token, StringMarkerIsUnresolvedAndRoundTrips) {
    auto token = Intrinsic::make(Json{{"Ref", "X"}});
    const std::string s = Token::as_string(token);
    EXPECT_TRUE(Token::is_unresolved(s));
    EXPECT_EQ(s.rfind("${Token[", 0), 0U);
    EXPECT_EQ(Token::reverse(Json(s)).get(), token.get());
    EXPECT_EQ(Token::as_string(token), s) << "a token keeps its marker";
    EXPECT_FALSE(Token::is_unresolved("plain ${notatoken}"));
}

TEST(Token, ListAndNumberMarkers) {
    auto token = Intrinsic::make(Json{{"Fn::GetAZs", ""}});
    const auto list = Token::as_list(token);
    ASSERT_EQ(list.size(), 1U);
    EXPECT_EQ(list[0].rfind("#{Token[", 0), 0U);
    EXPECT_TRUE(Token::is_unresolved(Json(list)));
    const double n = Token::as_number(Intrinsic::make(Json{{"Ref", "Size"}}));
    EXPECT_TRUE(Token::is_unresolved(n));
    EXPECT_FALSE(Token::is_unresolved(42.0));
    EXPECT_EQ(resolve(Json{{"n", n}}), (Json{{"n", {{"Ref", "Size"}}}}));
    EXPECT_EQ(resolve(Json{{"l", list}}), (Json{{"l", {{"Fn::GetAZs", ""}}}}));
}

TEST(Token, SplitStringFindsEveryMarker) {
    auto a = Token::as_string(Intrinsic::make(Json{{"Ref", "A"}}));
    auto b = Token::as_string(Intrinsic::make(Json{{"Ref", "B"}}));
    const auto fragments = detail::split_string("x" + a + a + "-" + b);
    ASSERT_EQ(fragments.size(), 5U);
    EXPECT_EQ(fragments[0].literal, "x");
    EXPECT_TRUE(fragments[1].token);
    EXPECT_TRUE(fragments[2].token);
    EXPECT_EQ(fragments[3].literal, "-");
    EXPECT_TRUE(fragments[4].token);
}

TEST(Lazy, ProducesAtResolutionAndCaches) {
    int calls = 0;
    const std::string lazy = Lazy::string([&] {
        ++calls;
        return std::string("late");
    });
    EXPECT_EQ(resolve(Json("a-" + lazy)), Json("a-late"));
    EXPECT_EQ(resolve(Json(lazy)), Json("late"));
    EXPECT_EQ(calls, 1);
    int uncached = 0;
    const std::string u = Lazy::uncached_string([&] { return std::to_string(++uncached); });
    EXPECT_EQ(resolve(Json(u)), Json("1"));
    EXPECT_EQ(resolve(Json(u)), Json("2"));
}

TEST(Lazy, UndefinedValuesDisappear) {
    const Json gone = Lazy::any([](ResolveContext&) { return Token::undefined(); });
    EXPECT_EQ(resolve(Json{{"a", 1}, {"b", gone}}), (Json{{"a", 1}}));
    EXPECT_EQ(resolve(Json::array({1, gone, 2})), Json::array({1, 2}));
}

} // namespace
} // namespace cdk
