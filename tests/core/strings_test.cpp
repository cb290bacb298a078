#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace cdk::strings {
namespace {

TEST(StringsTest, SplitKeepsEmptyPieces) {
    EXPECT_EQ(split("a//b", "/"), (std::vector<std::string>{"a", "", "b"}));
    EXPECT_EQ(split("", ","), (std::vector<std::string>{""}));
}

TEST(StringsTest, JoinAndTrim) {
    EXPECT_EQ(join({"a", "b", "c"}, "-"), "a-b-c");
    EXPECT_EQ(trim("  x y \n"), "x y");
}

TEST(StringsTest, ReplaceAllAndCase) {
    EXPECT_EQ(replace_all("a.b.c", ".", "::"), "a::b::c");
    EXPECT_EQ(to_lower("AbC"), "abc");
    EXPECT_EQ(to_upper("AbC"), "ABC");
}

TEST(StringsTest, Utf8ValidityAndRepair) {
    EXPECT_TRUE(valid_utf8("plain \xC3\xA9 \xF0\x9F\x98\x80"));
    for (const char* bad : {"\xFF", "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
        EXPECT_FALSE(valid_utf8(bad)) << bad;
        EXPECT_TRUE(valid_utf8(to_valid_utf8(bad)));
    }
    EXPECT_EQ(to_valid_utf8("a\xFF"
                            "b"),
              "a\xEF\xBF\xBD"
              "b");
}

TEST(StringsTest, Hex) { EXPECT_EQ(to_hex(std::string("\x00\xff\x10", 3)), "00ff10"); }

} // namespace
} // namespace cdk::strings
