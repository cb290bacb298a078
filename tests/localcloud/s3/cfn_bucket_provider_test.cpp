#include "aws/protocol/validate.hpp"
#include "localcloud/s3/cfn_bucket_provider.hpp"
#include "localcloud/s3/s3_backend.hpp"
#include "localcloud/s3/s3_service.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using BucketProviderTest = ProviderTest;

Json bootstrap_bucket() {
    return Json::parse(R"({
      "BucketName": "cdk-q-assets-111111111111-ap-southeast-2",
      "BucketEncryption": {"ServerSideEncryptionConfiguration": [
          {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]},
      "PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "BlockPublicPolicy": true,
                                         "IgnorePublicAcls": true, "RestrictPublicBuckets": true},
      "VersioningConfiguration": {"Status": "Enabled"},
      "LifecycleConfiguration": {"Rules": [
          {"Id": "CleanupOldVersions", "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}]},
      "Tags": [{"Key": "team", "Value": "a"}]})");
}

TEST_F(BucketProviderTest, CreatesBucketWithConfigurationAndAttributes) {
    auto& p = provider("AWS::S3::Bucket");
    auto r = p.create(request(admin(), "StagingBucket", bootstrap_bucket()));
    ASSERT_TRUE(r) << r.error().to_string();
    const std::string name = "cdk-q-assets-111111111111-ap-southeast-2";
    EXPECT_EQ(r->physical_id, name);
    EXPECT_EQ(r->attributes["Arn"], "arn:aws:s3:::" + name);
    EXPECT_EQ(r->attributes["RegionalDomainName"], name + ".s3.ap-southeast-2.amazonaws.com");
    EXPECT_EQ(r->attributes["DomainName"], name + ".s3.amazonaws.com");
    EXPECT_EQ(r->attributes["WebsiteURL"], "http://" + name + ".s3-website-ap-southeast-2.amazonaws.com");
    auto bucket = store_->read<Json>([&](Tx& tx) { return s3::S3Backend{}.find_bucket(tx, name); });
    ASSERT_TRUE(bucket);
    EXPECT_EQ((*bucket)["Account"], kAccount);
    // Stored as the values PutBucket<X> would carry (the S3 model's shapes), which the API's GETs render.
    const Json& cfg = (*bucket)["Config"];
    EXPECT_EQ(
        cfg["encryption"],
        Json::parse(R"({"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]})"));
    EXPECT_EQ(cfg["versioning"], Json::parse(R"({"Status":"Enabled"})"));
    EXPECT_EQ(cfg["lifecycle"], Json::parse(R"({"Rules":[{"ID":"CleanupOldVersions","Status":"Enabled",
        "Filter":{"Prefix":""},"NoncurrentVersionExpiration":{"NoncurrentDays":30}}]})"));
    EXPECT_EQ(cfg["tagging"], Json::parse(R"({"TagSet":[{"Key":"team","Value":"a"}]})"));
    EXPECT_EQ(cfg["publicAccessBlock"]["BlockPublicAcls"], true);
    for (const auto& [subresource, shape] : std::initializer_list<std::pair<const char*, const char*>>{
             {"encryption", "ServerSideEncryptionConfiguration"},
             {"versioning", "VersioningConfiguration"},
             {"lifecycle", "BucketLifecycleConfiguration"},
             {"tagging", "Tagging"},
             {"publicAccessBlock", "PublicAccessBlockConfiguration"}}) {
        EXPECT_TRUE(aws::protocol::validate_shape(s3::s3_model(), shape, cfg[subresource]).empty())
            << subresource;
    }

    // update in place: versioning suspended, tags removed
    Json next = bootstrap_bucket();
    next["VersioningConfiguration"]["Status"] = "Suspended";
    next.erase("Tags");
    auto req = request(admin(), "StagingBucket", next, name);
    req.previous_properties = bootstrap_bucket();
    auto u = p.update(req);
    ASSERT_TRUE(u) << u.error().to_string();
    bucket = store_->read<Json>([&](Tx& tx) { return s3::S3Backend{}.find_bucket(tx, name); });
    EXPECT_FALSE((*bucket)["Config"].contains("tagging"));
    EXPECT_EQ((*bucket)["Config"]["versioning"]["Status"], "Suspended");

    // remove twice: the second finds it gone and succeeds
    ASSERT_TRUE(p.remove(request(admin(), "StagingBucket", next, name)));
    ASSERT_TRUE(p.remove(request(admin(), "StagingBucket", next, name)));
    bucket = store_->read<Json>([&](Tx& tx) { return s3::S3Backend{}.find_bucket(tx, name); });
    EXPECT_FALSE(bucket);
}

TEST_F(BucketProviderTest, GeneratesLowerCaseNameWhenNoneGiven) {
    auto r = provider("AWS::S3::Bucket").create(request(admin(), "MyBucket", Json::object()));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id.rfind("mybucket-", 0), 0U) << r->physical_id;
    EXPECT_TRUE(s3::valid_bucket_name(r->physical_id));
}

TEST_F(BucketProviderTest, DeniedCallerGetsAwsMessageAndNothingRemains) {
    const Caller c = limited("sqs:*");
    auto r = provider("AWS::S3::Bucket").create(request(c, "B", Json{{"BucketName", "denied-bucket"}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "AccessDenied");
    EXPECT_NE(
        r.error().message.find("User: arn:aws:sts::111111111111:assumed-role/limited/s is not authorized to "
                               "perform: s3:CreateBucket on resource: "),
        std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("arn:aws:s3:::denied-bucket"), std::string::npos);
    EXPECT_NE(r.error().message.find("because no identity-based policy allows the s3:CreateBucket action"),
              std::string::npos);
    auto bucket =
        store_->read<Json>([&](Tx& tx) { return s3::S3Backend{}.find_bucket(tx, "denied-bucket"); });
    EXPECT_FALSE(bucket);
}

TEST_F(BucketProviderTest, ConfigurationNeedsItsOwnPermissionAndRollsBackTheBucket) {
    // s3:CreateBucket alone is not enough for a bucket with encryption: the whole create is undone.
    const Caller c = limited("s3:CreateBucket");
    auto r = provider("AWS::S3::Bucket").create(request(c, "B", bootstrap_bucket()));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("s3:PutEncryptionConfiguration"), std::string::npos)
        << r.error().message;
    auto bucket = store_->read<Json>(
        [&](Tx& tx) { return s3::S3Backend{}.find_bucket(tx, "cdk-q-assets-111111111111-ap-southeast-2"); });
    EXPECT_FALSE(bucket);
}

TEST_F(BucketProviderTest, BucketPolicyIsStoredAndRemoved) {
    ASSERT_TRUE(
        provider("AWS::S3::Bucket").create(request(admin(), "B", Json{{"BucketName", "pol-bucket"}})));
    const Json doc = Json::parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",
        "Action":"s3:*","Resource":"arn:aws:s3:::pol-bucket/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})");
    auto& p = provider("AWS::S3::BucketPolicy");
    auto r = p.create(request(admin(), "P", Json{{"Bucket", "pol-bucket"}, {"PolicyDocument", doc}}));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id, "pol-bucket");
    auto bucket = store_->read<Json>([&](Tx& tx) { return s3::S3Backend{}.find_bucket(tx, "pol-bucket"); });
    EXPECT_EQ((*bucket)["Policy"], doc);
    auto denied = p.create(
        request(limited("s3:GetObject"), "P", Json{{"Bucket", "pol-bucket"}, {"PolicyDocument", doc}}));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("s3:PutBucketPolicy"), std::string::npos);
    ASSERT_TRUE(p.remove(request(admin(), "P", Json{{"Bucket", "pol-bucket"}}, "pol-bucket")));
    bucket = store_->read<Json>([&](Tx& tx) { return s3::S3Backend{}.find_bucket(tx, "pol-bucket"); });
    EXPECT_FALSE(bucket->contains("Policy"));
}

} // namespace
} // namespace cdk::localcloud::testing
