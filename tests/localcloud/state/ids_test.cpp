#include "localcloud/state/ids.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud {
namespace {

using std::chrono::system_clock;

TEST(IdsTest, DatesAreAwsFormsToTheSecond) {
    const auto t = system_clock::from_time_t(1767323045) + std::chrono::milliseconds(750);
    EXPECT_EQ(iso8601(t), "2026-01-02T03:04:05Z"); // whole seconds, the fraction dropped
    EXPECT_EQ(epoch_seconds(t), 1767323045);
    EXPECT_EQ(http_date(1767323045), "Fri, 02 Jan 2026 03:04:05 GMT");
}

TEST(IdsTest, RandomIdsHaveThePrefixAndLength) {
    const std::string id = random_id("AKIA");
    EXPECT_EQ(id.size(), 20U);
    EXPECT_EQ(id.rfind("AKIA", 0), 0U);
    EXPECT_NE(random_id("AKIA"), id);
    EXPECT_EQ(random_secret().size(), 40U);
}

} // namespace
} // namespace cdk::localcloud
