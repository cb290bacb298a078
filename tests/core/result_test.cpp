#include "core/result.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cdk {
namespace {

Result<int> parse_positive(int v) {
    if (v <= 0) return make_error("InvalidValue", "must be positive, got " + std::to_string(v));
    return v;
}

TEST(ResultTest, HoldsValue) {
    auto r = parse_positive(3);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, 3);
    EXPECT_EQ(r.value_or(7), 3);
}

TEST(ResultTest, FailsWithError) {
    auto r = parse_positive(-1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "InvalidValue");
    EXPECT_EQ(r.error().to_string(), "InvalidValue: must be positive, got -1");
    EXPECT_EQ(r.value_or(7), 7);
}

TEST(ResultTest, VoidResult) {
    Result<void> good = ok();
    EXPECT_TRUE(good);
    Result<void> bad = make_error("X", "y");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "y");
}

} // namespace
} // namespace cdk
