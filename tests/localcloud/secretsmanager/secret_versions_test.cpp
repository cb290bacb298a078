#include "localcloud/secretsmanager/secret_versions.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::secretsmanager {
namespace {

/// A secret record holding versions v0..v<n-1> without labels.
Json secret_with(int n) {
    Json s{{"Versions", Json::object()}, {"VersionOrder", Json::array()}};
    for (int i = 0; i < n; ++i) {
        const std::string id = "v" + std::to_string(i);
        s["Versions"][id] = Json{{"Stages", Json::array()}};
        s["VersionOrder"].push_back(id);
    }
    return s;
}

TEST(SecretVersions, CurrentMovesAndPreviousFollows) {
    Json s = secret_with(3);
    attach_stage(s, "v0", kCurrent);
    EXPECT_EQ(version_with(s, kCurrent), "v0");
    EXPECT_EQ(version_with(s, kPrevious), "");
    attach_stage(s, "v1", kCurrent);
    EXPECT_EQ(version_with(s, kCurrent), "v1");
    EXPECT_EQ(version_with(s, kPrevious), "v0");
    attach_stage(s, "v2", kCurrent);
    EXPECT_EQ(version_with(s, kPrevious), "v1");
    EXPECT_TRUE(s["Versions"]["v0"]["Stages"].empty());
    attach_stage(s, "v2", kCurrent); // already there: nothing moves
    EXPECT_EQ(version_with(s, kPrevious), "v1");
    attach_stage(s, "v0", "BLUE");
    EXPECT_TRUE(has_stage(s["Versions"]["v0"], "BLUE"));
    remove_stage(s, "BLUE");
    EXPECT_EQ(versions_to_stages(s), (Json{{"v1", {kPrevious}}, {"v2", {kCurrent}}}));
}

TEST(SecretVersions, PruneDropsOldestUnlabelledBeyondTheLimit) {
    Json s = secret_with(static_cast<int>(kMaxVersions) + 3);
    attach_stage(s, "v1", "KEEP");
    attach_stage(s, "v102", kCurrent);
    prune(s);
    const auto order = version_order(s);
    EXPECT_EQ(order.size(), kMaxVersions);
    EXPECT_EQ(order.front(), "v1"); // labelled: kept although old
    EXPECT_FALSE(s["Versions"].contains("v0"));
    EXPECT_FALSE(s["Versions"].contains("v2"));
    EXPECT_FALSE(s["Versions"].contains("v3"));
    EXPECT_TRUE(s["Versions"].contains("v4"));
}

} // namespace
} // namespace cdk::localcloud::secretsmanager
