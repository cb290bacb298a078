// Bucket lifecycle rules as aws-cdk-lib renders them (aws-s3/lib/bucket.js parseLifecycleRule).
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/s3/bucket.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace s3 = cdk::s3;
using cdk::Json;

namespace {

Json rules_of(const std::vector<s3::LifecycleRule>& rules) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    s3::Bucket bucket(stack, "B", {.lifecycle_rules = rules});
    const Json t = cdk::render_stack_template(stack);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::S3::Bucket") return r["Properties"]["LifecycleConfiguration"]["Rules"];
    }
    return Json();
}

} // namespace

TEST(Lifecycle, ExpirationDateAndObjectSizes) {
    const Json rules = rules_of({{.expiration_date = "2019-10-01"},
                                 {.expiration_date = "2020-01-02T03:04:05.000Z",
                                  .object_size_greater_than = 500,
                                  .object_size_less_than = 600}});
    ASSERT_EQ(rules.size(), 2U);
    EXPECT_EQ(rules[0], Json({{"ExpirationDate", "2019-10-01T00:00:00Z"}, {"Status", "Enabled"}}));
    EXPECT_EQ(rules[1], Json({{"ExpirationDate", "2020-01-02T03:04:05Z"},
                              {"ObjectSizeGreaterThan", 500},
                              {"ObjectSizeLessThan", 600},
                              {"Status", "Enabled"}}));
}

TEST(Lifecycle, RejectsABadDateAndDeleteMarkerWithExpirationDate) {
    EXPECT_THROW((void)rules_of({{.expiration_date = "10/01/2019"}}), cdk::ValidationError);
    EXPECT_THROW((void)rules_of({{.expiration_date = "2019-10-01", .expired_object_delete_marker = true}}),
                 cdk::ValidationError);
}
