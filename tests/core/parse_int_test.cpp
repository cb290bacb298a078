#include "core/parse_int.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace cdk {
namespace {

TEST(ParseIntTest, ParsesWholeTextInTheBase) {
    EXPECT_EQ(parse_int<std::uint64_t>("1234"), 1234u);
    EXPECT_EQ(parse_int<std::uint64_t>("ff", 16), 255u);
    EXPECT_EQ(parse_int<std::uint64_t>("FFFFFFFFFFFFFFFF", 16), UINT64_MAX);
    EXPECT_EQ(parse_int<int>("-7"), -7);
}

TEST(ParseIntTest, RefusesWhatStoullWouldThrowOnOrSilentlyAccept) {
    EXPECT_EQ(parse_int<std::uint64_t>("zz", 16), std::nullopt); // stoull throws invalid_argument
    EXPECT_EQ(parse_int<std::uint64_t>("1ffffffffffffffff", 16), std::nullopt); // stoull throws out_of_range
    EXPECT_EQ(parse_int<std::uint64_t>(""), std::nullopt);
    EXPECT_EQ(parse_int<std::uint64_t>("12abc"), std::nullopt); // stoull gives 12
    EXPECT_EQ(parse_int<std::uint64_t>(" 12"), std::nullopt);   // stoull skips spaces
    EXPECT_EQ(parse_int<std::uint64_t>("-1"), std::nullopt);    // stoull wraps to 2^64-1
    EXPECT_EQ(parse_int<std::uint64_t>("+1"), std::nullopt);
    EXPECT_EQ(parse_int<std::uint64_t>("0x10", 16), std::nullopt);
    EXPECT_EQ(parse_int<int>("2147483648"), std::nullopt);
}

} // namespace
} // namespace cdk
