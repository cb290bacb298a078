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

TEST(StringsTest, Hex) {
    EXPECT_EQ(to_hex(std::string("\x00\xff\x10", 3)), "00ff10");
}

TEST(StringsTest, PercentEncodingRoundTripsEveryByte) {
    std::string all;
    for (int c = 0; c < 256; ++c)
        all.push_back(static_cast<char>(c));
    EXPECT_EQ(percent_decode(percent_encode(all)), all);
    EXPECT_EQ(percent_encode("a b/c~d.e_f-g+h%"), "a%20b%2Fc~d.e_f-g%2Bh%25");
    EXPECT_EQ(percent_encode("a b/c", true), "a%20b/c");
    EXPECT_EQ(percent_encode("\xff"), "%FF");
}

TEST(StringsTest, PercentDecodingLeavesWhatIsNotAnEscape) {
    EXPECT_EQ(percent_decode("%41%6a%4A"), "AjJ");
    EXPECT_EQ(percent_decode("100%"), "100%");
    EXPECT_EQ(percent_decode("%4"), "%4");
    EXPECT_EQ(percent_decode("%zz%4g"), "%zz%4g");
    EXPECT_EQ(percent_decode("a+b"), "a+b");
    EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
}

} // namespace
} // namespace cdk::strings
