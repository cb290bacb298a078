#include "localcloud/logs/filter_pattern.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::logs {
namespace {

bool match(const char* pattern, const char* message) {
    auto p = FilterPattern::parse(pattern);
    EXPECT_TRUE(p) << pattern;
    return p && p->matches(message);
}

TEST(FilterPattern, TermsPhrasesOptionalAndExcluded) {
    EXPECT_TRUE(match("", "anything"));
    EXPECT_TRUE(match("\"\"", "anything"));
    EXPECT_TRUE(match("ERROR", "[ERROR] 400"));
    EXPECT_FALSE(match("error", "[ERROR] 400"));
    EXPECT_TRUE(match("ERROR 400", "[ERROR] 400 bad"));
    EXPECT_FALSE(match("ERROR 500", "[ERROR] 400 bad"));
    EXPECT_TRUE(match("\"400 bad\"", "[ERROR] 400 bad"));
    EXPECT_FALSE(match("\"bad 400\"", "[ERROR] 400 bad"));
    EXPECT_TRUE(match("?WARN ?ERROR", "ERROR x"));
    EXPECT_FALSE(match("?WARN ?ERROR", "INFO x"));
    EXPECT_FALSE(match("ERROR -timeout", "ERROR timeout"));
    EXPECT_TRUE(match("ERROR -timeout", "ERROR disk"));
    EXPECT_TRUE(match("ERROR -\"disk full\"", "ERROR disk nearly full"));
}

TEST(FilterPattern, RefusedForms) {
    for (const char* p : {"{ $.x = 1 }", "[ip, user]", "%ab+c%", "\"open", "? x"}) {
        auto r = FilterPattern::parse(p);
        ASSERT_FALSE(r) << p;
        EXPECT_EQ(r.error().code, "InvalidParameterException");
    }
}

} // namespace
} // namespace cdk::localcloud::logs
