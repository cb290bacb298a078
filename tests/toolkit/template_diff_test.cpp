#include "toolkit/diff/template_diff.hpp"

#include <gtest/gtest.h>

namespace cdk::toolkit::diff {
namespace {

const Json kOld = Json::parse(R"({
  "Resources": {
    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs18.x", "Handler": "index.handler"}},
    "Gone": {"Type": "AWS::SQS::Queue"},
    "Policy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}},
    "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"SecurityGroupIngress": [
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8"}]}}
  },
  "Outputs": {"Name": {"Value": "a"}}
})");

const Json kNew = Json::parse(R"({
  "Resources": {
    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs20.x", "Handler": "index.handler"}},
    "Added": {"Type": "AWS::S3::Bucket"},
    "Policy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}}},
    "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"SecurityGroupIngress": [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}]}}
  },
  "Outputs": {"Name": {"Value": "b"}}
})");

TEST(TemplateDiffTest, ResourcesAddedRemovedAndModifiedWithProperties) {
    const auto d = diff_templates(kOld, kNew);
    std::map<std::string, const ElementChange*> by_id;
    for (const auto& c : d.changes)
        by_id[c.section + "/" + c.logical_id] = &c;
    ASSERT_EQ(by_id.count("Resources/Added"), 1u);
    EXPECT_EQ(by_id["Resources/Added"]->kind, ChangeKind::Added);
    EXPECT_EQ(by_id["Resources/Gone"]->kind, ChangeKind::Removed);
    const auto* fn = by_id["Resources/Fn"];
    ASSERT_NE(fn, nullptr);
    EXPECT_EQ(fn->kind, ChangeKind::Modified);
    ASSERT_EQ(fn->properties.size(), 1u);
    EXPECT_EQ(fn->properties[0].path, "Runtime");
    EXPECT_EQ(fn->properties[0].new_value, "nodejs20.x");
    EXPECT_EQ(by_id["Outputs/Name"]->kind, ChangeKind::Modified);
    EXPECT_EQ(by_id.count("Resources/Policy"), 1u);
}

TEST(TemplateDiffTest, IamAndSecurityGroupChangesInTheirOwnTables) {
    const auto d = diff_templates(kOld, kNew);
    ASSERT_EQ(d.iam.size(), 1u);
    EXPECT_TRUE(d.iam[0].added);
    EXPECT_EQ(d.iam[0].actions, "s3:PutObject");
    ASSERT_EQ(d.security_groups.size(), 2u);
    EXPECT_TRUE(d.permissions_broadened());
    const std::string text = format_diff("S", d);
    EXPECT_NE(text.find("IAM Statement Changes"), std::string::npos);
    EXPECT_NE(text.find("Security Group Changes"), std::string::npos);
    EXPECT_NE(text.find("[~] AWS::Lambda::Function Fn"), std::string::npos);
    EXPECT_EQ(diff_to_json(d)["permissionsBroadened"], true);
}

TEST(TemplateDiffTest, IdenticalTemplatesHaveNoDifferences) {
    const auto d = diff_templates(kNew, kNew);
    EXPECT_TRUE(d.empty());
    EXPECT_FALSE(d.permissions_broadened());
    EXPECT_NE(format_diff("S", d).find("There were no differences"), std::string::npos);
}

TEST(TemplateDiffTest, ManagedPolicyAttachmentIsBroadening) {
    const Json before = Json::parse(R"({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}}}})");
    const Json after = Json::parse(R"({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {
        "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}}}})");
    const auto d = diff_templates(before, after);
    ASSERT_EQ(d.iam.size(), 1u);
    EXPECT_EQ(d.iam[0].effect, "Attach");
    EXPECT_TRUE(d.permissions_broadened());
}

TEST(TemplateDiffTest, NestedMembersAndTheChangedLinesOfMultiLineCode) {
    const Json before = Json::parse(R"({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
        "Code": {"ZipFile": "exports.handler = async () => ({\n  stage: 'Dev',\n  message: 'hello',\n});"},
        "Timeout": 3}}}})");
    Json after = before;
    after["Resources"]["Fn"]["Properties"]["Code"]["ZipFile"] =
        "exports.handler = async () => ({\n  stage: 'Dev',\n  message: 'howdy',\n});";
    const std::string text = format_diff("S", diff_templates(before, after));
    // Only the member that changed, and only its changed line, the unchanged ones left out.
    EXPECT_NE(text.find(" └─ [~] Code.ZipFile (line 3 of 4)\n"
                        "     ├─ [-]   message: 'hello',\n"
                        "     └─ [+]   message: 'howdy',\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("stage: 'Dev'"), std::string::npos) << text;

    after["Resources"]["Fn"]["Properties"]["Code"]["ZipFile"] =
        "exports.handler = async () => ({\n  stage: 'Dev',\n  message: 'hello',\n  extra: 1,\n  more: "
        "2,\n});";
    const std::string added = format_diff("S", diff_templates(before, after));
    EXPECT_NE(added.find(" └─ [~] Code.ZipFile (lines 4-5 of 6)\n"
                         "     ├─ [+]   extra: 1,\n"
                         "     └─ [+]   more: 2,\n"),
              std::string::npos)
        << added;
}

TEST(TemplateDiffTest, SecurityOnlyShowsTheTablesAndNotTheResources) {
    const auto d = diff_templates(kOld, kNew);
    const std::string text = format_security_diff("S", d);
    EXPECT_NE(text.find("IAM Statement Changes"), std::string::npos) << text;
    EXPECT_NE(text.find("[+] | Policy | Allow | s3:PutObject"), std::string::npos) << text;
    EXPECT_NE(text.find("Security Group Changes"), std::string::npos) << text;
    EXPECT_EQ(text.find("AWS::Lambda::Function"), std::string::npos) << text;
    EXPECT_EQ(text.find("Outputs"), std::string::npos) << text;
    const Json j = diff_to_json(d, true);
    EXPECT_FALSE(j.contains("changes"));
    EXPECT_EQ(j["iamChanges"].size(), 1u);
    EXPECT_EQ(j["permissionsBroadened"], true);
    EXPECT_TRUE(diff_to_json(d).contains("changes"));
}

TEST(TemplateDiffTest, NarrowingAndDenyStatementsDoNotBroaden) {
    // A removed Allow and an added Deny are security changes that do not broaden (aws-cdk: only additions
    // of Allow statements, managed policies or security group rules do).
    const Json before = Json::parse(R"({"Resources": {"P": {"Type": "AWS::IAM::Policy", "Properties": {
        "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}},
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 1}}}})");
    const Json after = Json::parse(R"({"Resources": {"P": {"Type": "AWS::IAM::Policy", "Properties": {
        "PolicyDocument": {"Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}}},
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 2}}}})");
    const auto d = diff_templates(before, after);
    EXPECT_EQ(d.iam.size(), 2u);
    EXPECT_FALSE(d.permissions_broadened());
    EXPECT_FALSE(d.empty());
    const std::string text = format_security_diff("S", d);
    EXPECT_NE(text.find("[-] | P | Allow | s3:*"), std::string::npos) << text;
    EXPECT_NE(text.find("[+] | P | Deny | s3:DeleteBucket"), std::string::npos) << text;
    EXPECT_EQ(text.find("DelaySeconds"), std::string::npos) << text;
}

TEST(TemplateDiffTest, SecurityOnlyWithoutSecurityChanges) {
    const Json before = Json::parse(R"({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}})");
    const Json after =
        Json::parse(R"({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}, "T": {"Type": "AWS::SNS::Topic"}}})");
    const auto d = diff_templates(before, after);
    EXPECT_NE(format_security_diff("S", d).find("There were no security-related changes"), std::string::npos);
}

} // namespace
} // namespace cdk::toolkit::diff
