#include "constructs/unique_id.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

// Expected values come from aws-cdk-lib 2.276 output (cdk synth of the golden cases).
TEST(UniqueId, SingleComponentKeepsAlphanumerics) {
    EXPECT_EQ(make_unique_id({"Queue"}), "Queue");
    EXPECT_EQ(make_unique_id({"My-Queue_1"}), "MyQueue1");
}

TEST(UniqueId, PathComponentsGetAnMd5Suffix) {
    EXPECT_EQ(make_unique_id({"Group", "Param"}), "GroupParamD5A2EEF2");
    EXPECT_EQ(make_unique_id({"Exports", "Output{\"Fn::GetAtt\":[\"Queue\",\"Arn\"]}"}),
              "ExportsOutputFnGetAttQueueArn042C0F02");
    EXPECT_EQ(make_unique_id({"Exports", "Output{\"Ref\":\"Queue\"}"}), "ExportsOutputRefQueueD6A24597");
}

TEST(UniqueId, ResourceIsHiddenAndDefaultDropped) {
    const std::string with_resource = make_unique_id({"Bucket", "Resource"});
    EXPECT_EQ(with_resource.substr(0, 6), "Bucket");
    EXPECT_EQ(with_resource.size(), 6U + 8U);
    EXPECT_EQ(make_unique_id({"CDKMetadata", "Default"}), "CDKMetadata");
    EXPECT_EQ(make_unique_id({"A", "Default", "B"}), make_unique_id({"A", "B"}));
}

TEST(UniqueId, DuplicatesRemovedAndLengthCapped) {
    const std::string id = make_unique_id({"MyBucket", "Bucket"});
    EXPECT_EQ(id.size(), 16U) << id;
    EXPECT_EQ(id.substr(0, 8), "MyBucket");
    const std::string long_id = make_unique_id({std::string(300, 'a'), "b"});
    EXPECT_EQ(long_id.size(), 240U + 8U);
    EXPECT_EQ(make_unique_id({std::string(255, 'x')}).size(), 255U);
    EXPECT_EQ(make_unique_id({std::string(256, 'x')}).size(), 248U);
}

TEST(UniqueId, FailsOnEmptyOrTokens) {
    EXPECT_THROW((void)make_unique_id({}), ValidationError);
    EXPECT_THROW((void)make_unique_id({"Default"}), ValidationError);
    EXPECT_THROW((void)make_unique_id({"${Token[X.1]}"}), ValidationError);
}

TEST(UniqueResourceName, StackArtifactIds) {
    EXPECT_EQ(make_unique_resource_name({"Dev", "Service"}, 128), "DevServiceED593074");
    EXPECT_EQ(make_unique_resource_name({"Dev", "Inner", "Worker"}, 128), "DevInnerWorker6F278E9A");
    EXPECT_EQ(make_unique_resource_name({"Root"}, 128), "Root");
}

TEST(Md5, KnownValue) { EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72"); }

} // namespace
} // namespace cdk
