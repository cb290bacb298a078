// Pure parts of deploy: parameters as the CLI sends them, placeholders, approval, template URLs, zip.
#include "core/fs.hpp"
#include "tests/assembly/test_support.hpp"
#include "toolkit/deploy/approval.hpp"
#include "toolkit/deploy/asset_publishing.hpp"
#include "toolkit/deploy/stack_deployer.hpp"
#include "toolkit/deploy/target_access.hpp"
#include "toolkit/deploy/zip.hpp"
#include "toolkit/environments.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace cdk::toolkit::deploy {
namespace {

const Json kParameters = Json::parse(R"({
  "BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/myapp/version"},
  "Stage": {"Type": "String", "Default": "dev"},
  "Required": {"Type": "String"}
})");

TEST(ComputeParametersTest, GivenValuesWinAndDefaultsAreNotSent) {
    auto p = compute_parameters(kParameters, {{"Required", "x"}}, std::nullopt);
    ASSERT_TRUE(p) << p.error().to_string();
    EXPECT_EQ(*p, (std::vector<ParameterSetting>{{"Required", "x"}}));
}

TEST(ComputeParametersTest, PreviousValuesAreKeptOnUpdateExceptAnSsmDefault) {
    const std::map<std::string, std::string> previous{
        {"BootstrapVersion", "/cdk-bootstrap/myapp/version"}, {"Stage", "test"}, {"Required", "y"}};
    auto p = compute_parameters(kParameters, {}, previous);
    ASSERT_TRUE(p) << p.error().to_string();
    EXPECT_EQ(*p, (std::vector<ParameterSetting>{{"Required", std::nullopt}, {"Stage", std::nullopt}}));
}

TEST(ComputeParametersTest, FailsForAMissingParameterAndPassesUnknownOnesWithAValue) {
    auto missing = compute_parameters(kParameters, {}, std::nullopt);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "MissingParameters");
    EXPECT_NE(missing.error().message.find("Required"), std::string::npos);
    auto unknown =
        compute_parameters(kParameters, {{"Required", "x"}, {"Nope", "1"}, {"Empty", ""}}, std::nullopt);
    ASSERT_TRUE(unknown);
    EXPECT_EQ(*unknown, (std::vector<ParameterSetting>{{"Required", "x"}, {"Nope", "1"}}));
}

TEST(PlaceholderTest, SubstitutesAccountRegionPartition) {
    const ResolvedEnvironment env{"333333333333", "cn-north-1", partition_of("cn-north-1")};
    EXPECT_EQ(
        substitute_placeholders("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-myapp-deploy-role-"
                                "${AWS::AccountId}-${AWS::Region}",
                                env),
        "arn:aws-cn:iam::333333333333:role/cdk-myapp-deploy-role-333333333333-cn-north-1");
    EXPECT_EQ(partition_of("us-gov-west-1"), "aws-us-gov");
    EXPECT_EQ(partition_of("ap-southeast-2"), "aws");
}

TEST(TemplateUrlTest, TurnsS3UrlsIntoRegionalHttpsUrls) {
    const ResolvedEnvironment env{"111111111111", "ap-southeast-2", "aws"};
    EXPECT_EQ(
        template_url("s3://cdk-myapp-assets-111111111111-ap-southeast-2/abc.json", env),
        "https://s3.ap-southeast-2.amazonaws.com/cdk-myapp-assets-111111111111-ap-southeast-2/abc.json");
}

TEST(BootstrapHintsTest, QualifierAndCommand) {
    EXPECT_EQ(qualifier_of_parameter("/cdk-bootstrap/myapp/version"), "myapp");
    EXPECT_EQ(qualifier_of_parameter("/other/myapp/version"), "");
    const ResolvedEnvironment env{"333333333333", "ap-southeast-2", "aws"};
    EXPECT_EQ(bootstrap_command(env, "myapp", "999999999999"),
              "cdkpp bootstrap aws://333333333333/ap-southeast-2 --qualifier myapp --toolkit-stack-name "
              "CDKToolkit-myapp --trust 999999999999 --cloudformation-execution-policies "
              "arn:aws:iam::aws:policy/AdministratorAccess");
    EXPECT_EQ(bootstrap_command(env, "hnb659fds", "333333333333"),
              "cdkpp bootstrap aws://333333333333/ap-southeast-2");
}

TEST(ApprovalTest, BroadeningAsksOnlyForGrowingPermissions) {
    const Json role = Json::parse(R"({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                    "Principal": {"Service": "lambda.amazonaws.com"}}]}}}}})");
    Json bucket_only = Json::parse(R"({"Resources": {"B": {"Type": "AWS::S3::Bucket"}}})");
    const auto grows = diff::diff_templates(Json::object(), role);
    const auto plain = diff::diff_templates(Json::object(), bucket_only);
    const auto shrinks = diff::diff_templates(role, Json::object());
    EXPECT_TRUE(needs_approval(RequireApproval::Broadening, grows));
    EXPECT_FALSE(needs_approval(RequireApproval::Broadening, plain));
    EXPECT_FALSE(needs_approval(RequireApproval::Broadening, shrinks));
    EXPECT_TRUE(needs_approval(RequireApproval::AnyChange, plain));
    EXPECT_FALSE(
        needs_approval(RequireApproval::AnyChange, diff::diff_templates(plain.empty() ? role : role, role)));
    EXPECT_FALSE(needs_approval(RequireApproval::Never, grows));
    EXPECT_FALSE(parse_require_approval("sometimes"));
    EXPECT_EQ(parse_require_approval("any-change").value(), RequireApproval::AnyChange);
}

TEST(ZipTest, IsDeterministicAndReadable) {
    assembly::testing::TempDir dir("cdkpp_zip_test");
    std::filesystem::create_directories(dir.path() / "src" / "lib");
    ASSERT_TRUE(
        cdk::fs::write_file_atomic(dir.path() / "src" / "index.js", "exports.handler = async () => 1;\n"));
    ASSERT_TRUE(cdk::fs::write_file_atomic(dir.path() / "src" / "lib" / "a.txt", std::string(1000, 'a')));
    auto first = zip_directory(dir.path() / "src");
    ASSERT_TRUE(first) << first.error().to_string();
    std::filesystem::last_write_time(dir.path() / "src" / "index.js",
                                     std::filesystem::file_time_type::clock::now());
    auto second = zip_directory(dir.path() / "src");
    ASSERT_TRUE(second);
    EXPECT_EQ(*first, *second);
    EXPECT_EQ(first->substr(0, 4), std::string("PK\x03\x04", 4));
    // Entries in sorted order; `unzip -l` style check through the central directory names.
    EXPECT_LT(first->find("index.js"), first->find("lib/a.txt"));
    EXPECT_LT(first->size(), 1000u); // deflated
}

} // namespace
} // namespace cdk::toolkit::deploy

namespace cdk::toolkit {
namespace {

TEST(CredentialsErrorTest, ExpiredOrInvalidTokensSayHowToRenew) {
    const Error expired = explain_credentials_error(
        make_error("ExpiredToken", "The security token included in the request is expired", 400));
    EXPECT_EQ(expired.code, "ExpiredCredentials");
    EXPECT_NE(expired.message.find("expired or not valid (ExpiredToken: The security token"),
              std::string::npos);
    EXPECT_NE(expired.message.find("renew them"), std::string::npos);
    EXPECT_EQ(explain_credentials_error(make_error("InvalidClientTokenId", "x")).code, "ExpiredCredentials");
    EXPECT_EQ(explain_credentials_error(make_error("AccessDenied", "no")).code, "AccessDenied");
}

} // namespace
} // namespace cdk::toolkit

namespace cdk::toolkit::deploy {
namespace {

/// An asset manifest with a file asset `aaa` published to two destinations and an image `img`.
std::filesystem::path write_selection_manifest(const assembly::testing::TempDir& dir) {
    const std::string role = "arn:${AWS::Partition}:iam::111111111111:role/"
                             "cdk-myapp-file-publishing-role-111111111111-ap-southeast-2";
    const Json manifest = {
        {"version", "55.0.0"},
        {"files",
         {{"aaa",
           {{"source", {{"path", "data.txt"}, {"packaging", "file"}}},
            {"destinations",
             {{"111111111111-ap-southeast-2-1",
               {{"bucketName", "cdk-myapp-assets-111111111111-ap-southeast-2"},
                {"objectKey", "aaa.txt"},
                {"region", "ap-southeast-2"},
                {"assumeRoleArn", role}}},
              {"111111111111-ap-southeast-2-2",
               {{"bucketName", "cdk-myapp-assets-111111111111-ap-southeast-2"},
                {"objectKey", "copy/aaa.txt"},
                {"region", "ap-southeast-2"},
                {"assumeRoleArn", role}}}}}}}}},
        {"dockerImages",
         {{"img",
           {{"source", {{"directory", "image"}}},
            {"destinations",
             {{"111111111111-ap-southeast-2-3",
               {{"repositoryName", "repo"}, {"imageTag", "img"}, {"region", "ap-southeast-2"}}}}}}}}}};
    const auto path = dir.path() / "Stack.assets.json";
    EXPECT_TRUE(fs::write_file_atomic(path, manifest.dump(2)));
    EXPECT_TRUE(fs::write_file_atomic(dir.path() / "data.txt", "data"));
    return path;
}

TEST(PublishSelectionTest, TheEnvironmentComesFromTheSelectedDestinationsRole) {
    assembly::testing::TempDir dir("cdkpp_publish_selection_env");
    const auto path = write_selection_manifest(dir);
    // Account and region are literal: no AWS call is needed to know where to publish.
    SessionPool sessions({.region = "us-east-1"});
    auto env = manifest_environment(sessions, path, {"aaa:111111111111-ap-southeast-2-2"});
    ASSERT_TRUE(env) << env.error().to_string();
    EXPECT_EQ(env->account, "111111111111");
    EXPECT_EQ(env->region, "ap-southeast-2");
}

TEST(PublishSelectionTest, RefusesUnknownMalformedAndImageSelectorsBeforeAnyAwsCall) {
    assembly::testing::TempDir dir("cdkpp_publish_selection_errors");
    const auto path = write_selection_manifest(dir);
    SessionPool sessions({.region = "ap-southeast-2"});
    const ResolvedEnvironment env{"111111111111", "ap-southeast-2", "aws"};
    auto missing = publish_assets(sessions, env, path, "myapp", nullptr, {"aaa:nope"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "AssetNotFound");
    // The message lists what the manifest has, so the user can correct the selector.
    EXPECT_NE(missing.error().message.find("aaa:111111111111-ap-southeast-2-1"), std::string::npos)
        << missing.error().message;
    auto unknown = publish_assets(sessions, env, path, "myapp", nullptr, {"bbb"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "AssetNotFound");
    auto malformed = publish_assets(sessions, env, path, "myapp", nullptr, {"aaa:"});
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().code, "InvalidAssetSelector");
    auto image = publish_assets(sessions, env, path, "myapp", nullptr, {"img"});
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code, "ImageAssetsUnsupported");
    // Without selectors the whole manifest is meant, and its image is refused.
    auto all = publish_assets(sessions, env, path, "myapp", nullptr, {});
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().code, "ImageAssetsUnsupported");
}

} // namespace
} // namespace cdk::toolkit::deploy
