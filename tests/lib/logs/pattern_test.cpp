// logs::FilterPattern: the pattern texts aws-cdk-lib 2.276's pattern.js writes, and its validation.
#include "lib/logs/pattern.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

using cdk::logs::FilterPattern;

TEST(FilterPattern, TextPatternsQuoteAndEscapeTerms) {
    EXPECT_EQ(FilterPattern::literal("ERROR x").log_pattern_string(), "ERROR x");
    EXPECT_EQ(FilterPattern::all_events().log_pattern_string(), "");
    EXPECT_EQ(FilterPattern::all_terms({"ERROR", "MainThread"}).log_pattern_string(),
              "\"ERROR\" \"MainThread\"");
    EXPECT_EQ(FilterPattern::any_term({"a\\b", "c\"d"}).log_pattern_string(), "?\"a\\\\b\" ?\"c\\\"d\"");
    EXPECT_EQ(FilterPattern::any_term({"one"}).log_pattern_string(), "\"one\"");
    EXPECT_EQ(FilterPattern::any_term_group({{"a", "b"}, {"c"}}).log_pattern_string(), "?\"a\" \"b\" ?\"c\"");
}

TEST(FilterPattern, JsonPatterns) {
    EXPECT_EQ(FilterPattern::string_value("$.a", "==", "x").log_pattern_string(), "{ $.a = \"x\" }");
    EXPECT_EQ(FilterPattern::string_value("$.a", "!=", "x").log_pattern_string(), "{ $.a != \"x\" }");
    EXPECT_EQ(FilterPattern::number_value("$.n", ">=", 2.5).log_pattern_string(), "{ $.n >= 2.5 }");
    EXPECT_EQ(FilterPattern::number_value("$.n", "<", 3).log_pattern_string(), "{ $.n < 3 }");
    EXPECT_EQ(FilterPattern::regex_value("$.m", "=", "a.*b").log_pattern_string(), "{ $.m = %a.*b% }");
    EXPECT_EQ(FilterPattern::exists("$.l").log_pattern_string(), "{ $.l = \"*\" }");
    EXPECT_EQ(FilterPattern::is_null("$.u").log_pattern_string(), "{ $.u IS NULL }");
    EXPECT_EQ(FilterPattern::not_exists("$.u").log_pattern_string(), "{ $.u NOT EXISTS }");
    EXPECT_EQ(FilterPattern::boolean_value("$.b", false).log_pattern_string(), "{ $.b IS FALSE }");
    const auto a = FilterPattern::exists("$.a");
    const auto b = FilterPattern::is_null("$.b");
    EXPECT_EQ(FilterPattern::all({a}).log_pattern_string(), a.log_pattern_string());
    EXPECT_EQ(FilterPattern::all({a, b}).log_pattern_string(), "{ ($.a = \"*\") && ($.b IS NULL) }");
    EXPECT_EQ(FilterPattern::any({FilterPattern::all({a, b}), b}).log_pattern_string(),
              "{ (($.a = \"*\") && ($.b IS NULL)) || ($.b IS NULL) }");
}

TEST(FilterPattern, JsonPatternsValidate) {
    EXPECT_THROW((void)FilterPattern::string_value("$.a", "<", "x"), cdk::ValidationError);
    EXPECT_THROW((void)FilterPattern::number_value("$.a", "~", 1), cdk::ValidationError);
    EXPECT_THROW((void)FilterPattern::all({}), cdk::ValidationError);
    EXPECT_THROW((void)FilterPattern::any({}), cdk::ValidationError);
}

TEST(FilterPattern, SpaceDelimited) {
    const auto p = FilterPattern::space_delimited({"time", "component", "status", "..."})
                       .where_string("component", "=", "Http\"Server")
                       .where_number("status", ">=", 500)
                       .where_number("status", "<", 600);
    EXPECT_EQ(p.log_pattern_string(),
              "[time, component = \"Http\\\"Server\", status >= 500 && status < 600, ...]");
    // Immutable: the base is unchanged.
    const auto base = FilterPattern::space_delimited({"a", "b"});
    (void)base.where_number("a", "=", 1);
    EXPECT_EQ(base.log_pattern_string(), "[a, b]");
    EXPECT_THROW((void)FilterPattern::space_delimited({"a b"}), cdk::ValidationError);
    EXPECT_THROW((void)FilterPattern::space_delimited({"...", "..."}), cdk::ValidationError);
    EXPECT_THROW((void)base.where_number("c", "=", 1), cdk::ValidationError);
    EXPECT_THROW((void)FilterPattern::space_delimited({"a", "..."}).where_string("...", "=", "x"),
                 cdk::ValidationError);
    EXPECT_THROW((void)base.where_string("a", ">", "x"), cdk::ValidationError);
}
