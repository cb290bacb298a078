#include "assembly/environment.hpp"

#include <gtest/gtest.h>

namespace cdk::assembly {
namespace {

TEST(EnvironmentTest, ParsesAccountAndRegion) {
    auto env = parse_environment("aws://111111111111/ap-southeast-2");
    ASSERT_TRUE(env);
    EXPECT_EQ(env->account, "111111111111");
    EXPECT_EQ(env->region, "ap-southeast-2");
    EXPECT_FALSE(env->is_agnostic());
    EXPECT_EQ(env->to_string(), "aws://111111111111/ap-southeast-2");
}

TEST(EnvironmentTest, UnknownPlaceholdersMeanAgnostic) {
    auto env = parse_environment("aws://unknown-account/unknown-region");
    ASSERT_TRUE(env);
    EXPECT_TRUE(env->is_agnostic());
    EXPECT_EQ(*env, Environment{});
}

TEST(EnvironmentTest, RejectsOtherForms) {
    for (const char* bad :
         {"111111111111/ap-southeast-2", "aws://111111111111", "aws:///r", "aws://a/b/c", "aws://a/"}) {
        auto env = parse_environment(bad);
        ASSERT_FALSE(env) << bad;
        EXPECT_EQ(env.error().code, "EnvironmentInvalid");
        EXPECT_NE(env.error().message.find("aws://ACCOUNT/REGION"), std::string::npos);
    }
}

} // namespace
} // namespace cdk::assembly
