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

TEST(StringsTest, Hex) { EXPECT_EQ(to_hex(std::string("\x00\xff\x10", 3)), "00ff10"); }

} // namespace
} // namespace cdk::strings
