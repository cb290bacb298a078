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

TEST(Md5, KnownValue) {
    EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(Md5, Rfc1321TestSuite) {
    EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(md5_hex("a"), "0cc175b9c0f1b6a831c399e269772661");
    EXPECT_EQ(md5_hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
    EXPECT_EQ(md5_hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
    EXPECT_EQ(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
              "d174ab98d277d9f5a5611c2c9f419d9f");
    EXPECT_EQ(md5_hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
              "57edf4a22be3c955ac49da2e2107b67a");
    EXPECT_EQ(md5_hex(std::string(55, 'x')), "04364420e25c512fd958a70738aa8f72") << "padding fits the block";
    EXPECT_EQ(md5_hex(std::string(56, 'x')), "668a72d5ba17f08e62dabcafad6db14b")
        << "padding needs a second block";
    EXPECT_EQ(md5_hex(std::string("\xff\x00\x80", 3)), "60cdccd4000580a3c394b8ad6ea9b899");
}

} // namespace
} // namespace cdk
