// The aws-cdk-lib feature flags the L2 libraries read from context (docs/construct-library.md, "Feature
// flags").
#include "constructs/annotations.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "lib/iam/managed_policy.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"
#include "synth/stack_template.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

namespace iam = cdk::iam;
using cdk::Json;

namespace {

cdk::AppProps with_flag(const std::string& flag, Json value) {
    return {.context = {{flag, std::move(value)}}};
}

size_t warnings_naming(const cdk::Construct& c, const std::string& flag) {
    size_t n = 0;
    for (const auto& e : c.node().metadata()) {
        if (e.type == cdk::Annotations::kWarning && e.data.get<std::string>().find(flag) != std::string::npos)
            ++n;
    }
    return n;
}

std::vector<std::string> policy_ids(const cdk::Stack& stack) {
    std::vector<std::string> ids;
    const Json t = cdk::render_stack_template(const_cast<cdk::Stack&>(stack));
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::IAM::Policy") ids.push_back(id);
    }
    return ids;
}

} // namespace

TEST(FeatureFlags, ImportedRoleStackSafeDefaultPolicyName) {
    const std::string flag = "@aws-cdk/aws-iam:importedRoleStackSafeDefaultPolicyName";
    const iam::PolicyStatement statement({.actions = {"s3:GetObject"}, .resources = {"*"}});
    {
        cdk::App app;
        cdk::Stack stack(app, "S");
        iam::Role::from_role_arn(stack, "R", "arn:aws:iam::111111111111:role/r").add_to_policy(statement);
        ASSERT_EQ(policy_ids(stack).size(), 1U);
        EXPECT_EQ(policy_ids(stack)[0].rfind("RPolicy", 0), 0U);
    }
    {
        cdk::App app(with_flag(flag, true));
        cdk::Stack stack(app, "S");
        iam::Role::from_role_arn(stack, "R", "arn:aws:iam::111111111111:role/r").add_to_policy(statement);
        // aws-cdk-lib: new Policy(this, `Policy${Names.uniqueId(this)}`): id `PolicySR<hash>` under `S/R`.
        ASSERT_EQ(policy_ids(stack).size(), 1U);
        EXPECT_EQ(policy_ids(stack)[0].rfind("RPolicySR", 0), 0U) << policy_ids(stack)[0];
    }
}

TEST(FeatureFlags, AliasNameRef) {
    {
        cdk::App app;
        cdk::Stack stack(app, "S");
        cdk::kms::Key key(stack, "K", {.alias = "app"});
        auto* alias = dynamic_cast<cdk::kms::Alias*>(key.node().try_find_child("Alias"));
        ASSERT_NE(alias, nullptr);
        EXPECT_EQ(alias->alias_name(), "alias/app");
    }
    {
        cdk::App app(with_flag("@aws-cdk/aws-kms:aliasNameRef", true));
        cdk::Stack stack(app, "S");
        cdk::kms::Key key(stack, "K", {.alias = "app"});
        auto* alias = dynamic_cast<cdk::kms::Alias*>(key.node().try_find_child("Alias"));
        ASSERT_NE(alias, nullptr);
        EXPECT_TRUE(cdk::Token::is_unresolved(alias->alias_name()));
    }
}

TEST(FeatureFlags, UnimplementedFlagWarnsOncePerStackNamingIt) {
    // A flag cdkpp reads but does not implement (the Lambda library's createNewPoliciesWithAddToRolePolicy).
    const std::string flag = "@aws-cdk/aws-lambda:createNewPoliciesWithAddToRolePolicy";
    cdk::App app(with_flag(flag, true));
    cdk::Stack stack(app, "S");
    iam::Role a(stack, "A", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    iam::Role b(stack, "B", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    iam::detail::warn_if_flag_enabled(a, flag);
    iam::detail::warn_if_flag_enabled(b, flag);
    EXPECT_EQ(warnings_naming(stack, flag), 1U);
    cdk::App off(with_flag(flag, false));
    cdk::Stack quiet(off, "S");
    iam::Role c(quiet, "C", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    iam::detail::warn_if_flag_enabled(c, flag);
    EXPECT_EQ(warnings_naming(quiet, flag), 0U);
}

TEST(FeatureFlags, MinimizePoliciesIsImplementedAndDoesNotWarn) {
    const std::string flag = "@aws-cdk/aws-iam:minimizePolicies";
    cdk::App app(with_flag(flag, true));
    cdk::Stack stack(app, "S");
    iam::Role a(stack, "A", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    a.add_to_policy(iam::PolicyStatement({.actions = {"s3:GetObject"}, .resources = {"*"}}));
    a.add_to_policy(iam::PolicyStatement({.actions = {"s3:PutObject"}, .resources = {"*"}}));
    EXPECT_EQ(warnings_naming(stack, flag), 0U);
    const Json t = cdk::render_stack_template(stack);
    const std::vector<std::string> ids = policy_ids(stack);
    ASSERT_EQ(ids.size(), 1U);
    const Json& doc = t["Resources"][ids[0]]["Properties"]["PolicyDocument"];
    ASSERT_EQ(doc["Statement"].size(), 1U) << doc.dump();
    EXPECT_EQ(doc["Statement"][0]["Action"], Json::array({"s3:GetObject", "s3:PutObject"}));
}

namespace {

constexpr const char* kPartitionLiterals = "@aws-cdk/core:enablePartitionLiterals";

/// The principal of a key's default statement (the account root of the key's stack) and the ARN of a managed
/// policy imported by name, as rendered in a stack of `env` (empty: environment-agnostic).
std::pair<Json, Json> key_root_and_policy_arn(bool flag, const std::string& region) {
    cdk::App app(with_flag(kPartitionLiterals, flag));
    cdk::StackProps props;
    if (!region.empty()) props.env = cdk::Environment{"111111111111", region};
    cdk::Stack stack(app, "S", props);
    cdk::kms::Key key(stack, "K");
    iam::Role role(stack, "R",
                   {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com"),
                    .managed_policies = {iam::ManagedPolicy::from_managed_policy_name(stack, "P", "own")}});
    const Json t = cdk::render_stack_template(stack);
    Json root;
    Json policy;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::KMS::Key")
            root = r["Properties"]["KeyPolicy"]["Statement"][0]["Principal"]["AWS"];
        if (r["Type"] == "AWS::IAM::Role") policy = r["Properties"]["ManagedPolicyArns"][0];
    }
    return {root, policy};
}

} // namespace

TEST(FeatureFlags, EnablePartitionLiteralsPutsTheRegionsPartitionIntoArns) {
    // aws-cdk-lib's Stack.partition: the region's partition with the flag and a region RegionInfo knows.
    auto [root, policy] = key_root_and_policy_arn(true, "us-east-1");
    EXPECT_EQ(root, "arn:aws:iam::111111111111:root");
    EXPECT_EQ(policy, "arn:aws:iam::111111111111:policy/own");
    std::tie(root, policy) = key_root_and_policy_arn(true, "cn-north-1");
    EXPECT_EQ(root, "arn:aws-cn:iam::111111111111:root");
    EXPECT_EQ(policy, "arn:aws-cn:iam::111111111111:policy/own");
    std::tie(root, policy) = key_root_and_policy_arn(true, "us-gov-west-1");
    EXPECT_EQ(root, "arn:aws-us-gov:iam::111111111111:root");
    // An unknown region, an environment-agnostic stack and the flag off: the AWS::Partition pseudo parameter.
    const Json pseudo =
        Json::parse(R"({"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::111111111111:root"]]})");
    std::tie(root, policy) = key_root_and_policy_arn(true, "xx-nowhere-1");
    EXPECT_EQ(root, pseudo);
    std::tie(root, policy) = key_root_and_policy_arn(false, "us-east-1");
    EXPECT_EQ(root, pseudo);
    EXPECT_EQ(policy,
              Json::parse(
                  R"({"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::111111111111:policy/own"]]})"));
    std::tie(root, policy) = key_root_and_policy_arn(true, "");
    EXPECT_EQ(root["Fn::Join"][1][1], Json::parse(R"({"Ref":"AWS::Partition"})"));
}

TEST(FeatureFlags, EnablePartitionLiteralsLeavesAwsManagedPoliciesAndExplicitPartitionsAlone) {
    // aws-cdk-lib formats an AWS managed policy's ARN with Aws.PARTITION explicitly.
    cdk::App app(with_flag(kPartitionLiterals, true));
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"111111111111", "us-east-1"}});
    iam::Role role(
        stack, "R",
        {.assumed_by = iam::AccountPrincipal("222222222222"),
         .managed_policies = {iam::ManagedPolicy::from_aws_managed_policy_name("ReadOnlyAccess")}});
    const Json t = cdk::render_stack_template(stack);
    for (const auto& [id, res] : t["Resources"].items()) {
        if (res["Type"] != "AWS::IAM::Role") continue;
        EXPECT_EQ(
            res["Properties"]["ManagedPolicyArns"][0],
            Json::parse(
                R"({"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/ReadOnlyAccess"]]})"));
        EXPECT_EQ(res["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["AWS"],
                  "arn:aws:iam::222222222222:root");
    }
    EXPECT_EQ(iam::detail::region_partition("eu-isoe-west-1"), "aws-iso-e");
    EXPECT_EQ(iam::detail::region_partition("us-isob-east-1"), "aws-iso-b");
    EXPECT_EQ(iam::detail::region_partition(stack.account()), "");
}

TEST(KmsAlias, ATokenNameStartingWithALiteralGetsThePrefix) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::kms::Key key(stack, "K", {.alias = "MyKey" + stack.account()});
    cdk::kms::Key other(stack, "O", {.alias = "alias/Other" + stack.account()});
    const Json t = cdk::render_stack_template(stack);
    std::vector<Json> names;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::KMS::Alias") names.push_back(r["Properties"]["AliasName"]["Fn::Join"][1][0]);
    }
    ASSERT_EQ(names.size(), 2U);
    EXPECT_EQ(names[0], "alias/MyKey");
    EXPECT_EQ(names[1], "alias/Other");
}
