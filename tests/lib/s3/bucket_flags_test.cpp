// The feature flags s3::Bucket reads (docs/construct-library.md, "Feature flags").
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/s3/bucket.hpp"
#include "synth/stack_template.hpp"

#include <gtest/gtest.h>

namespace s3 = cdk::s3;
using cdk::Json;

namespace {

Json public_access_block(bool flag, const s3::BlockPublicAccess& block) {
    cdk::App app({.context = {{"@aws-cdk/aws-s3:publicAccessBlockedByDefault", flag}}});
    cdk::Stack stack(app, "S");
    s3::Bucket bucket(stack, "B", {.block_public_access = block});
    const Json t = cdk::render_stack_template(stack);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::S3::Bucket") return r["Properties"]["PublicAccessBlockConfiguration"];
    }
    return {};
}

} // namespace

TEST(S3BucketFlags, PublicAccessBlockedByDefaultTurnsOnTheSettingsNotGiven) {
    // aws-cdk-lib's setDefaultPublicAccessBlockConfig: `?? true` for each of the four settings.
    EXPECT_EQ(public_access_block(false, s3::BlockPublicAccess::BLOCK_ACLS),
              Json({{"BlockPublicAcls", true}, {"IgnorePublicAcls", true}}));
    EXPECT_EQ(public_access_block(true, s3::BlockPublicAccess::BLOCK_ACLS),
              Json({{"BlockPublicAcls", true},
                    {"BlockPublicPolicy", true},
                    {"IgnorePublicAcls", true},
                    {"RestrictPublicBuckets", true}}));
    // Settings given as false stay false.
    EXPECT_EQ(public_access_block(true, s3::BlockPublicAccess::BLOCK_ACLS_ONLY),
              Json({{"BlockPublicAcls", true},
                    {"BlockPublicPolicy", false},
                    {"IgnorePublicAcls", true},
                    {"RestrictPublicBuckets", false}}));
    // No block_public_access: nothing rendered, with or without the flag.
    cdk::App app({.context = {{"@aws-cdk/aws-s3:publicAccessBlockedByDefault", true}}});
    cdk::Stack stack(app, "S");
    s3::Bucket bucket(stack, "B");
    for (const auto& [id, r] : cdk::render_stack_template(stack)["Resources"].items()) {
        if (r["Type"] == "AWS::S3::Bucket") {
            EXPECT_FALSE(r.contains("Properties") &&
                         r["Properties"].contains("PublicAccessBlockConfiguration"));
        }
    }
}
