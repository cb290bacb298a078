#include "aws/auth/shared_config.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::auth {
namespace {

TEST(SharedConfigTest, ParsesSectionsCommentsAndNestedBlocks) {
    const auto ini = parse_ini(R"(# comment
[default]
region = ap-southeast-2   # trailing comment
; another
[profile dev]
role_arn=arn:aws:iam::111111111111:role/dev
source_profile = default
services = local
[services local]
s3 =
  endpoint_url = http://localhost:4566
  addressing_style = path
sts =
  endpoint_url = http://localhost:4567
)");
    ASSERT_EQ(ini.size(), 3u);
    EXPECT_EQ(ini.at("default").get("region").value(), "ap-southeast-2");
    EXPECT_EQ(ini.at("profile dev").get("role_arn").value(), "arn:aws:iam::111111111111:role/dev");
    EXPECT_EQ(ini.at("services local").nested.at("s3").at("endpoint_url"), "http://localhost:4566");
    EXPECT_EQ(ini.at("services local").nested.at("sts").at("endpoint_url"), "http://localhost:4567");
}

TEST(SharedConfigTest, EnvironmentMapIsIsolated) {
    const auto env = Environment::from_map({{"A", "1"}, {"EMPTY", ""}});
    EXPECT_EQ(env.get("A").value(), "1");
    EXPECT_TRUE(env.get("EMPTY"));
    EXPECT_FALSE(env.non_empty("EMPTY"));
    EXPECT_FALSE(env.get("PATH"));
}

} // namespace
} // namespace cdk::aws::auth
