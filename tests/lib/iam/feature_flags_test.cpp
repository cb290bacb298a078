// The aws-cdk-lib feature flags the L2 libraries read from context (docs/construct-library.md, "Feature
// flags").
#include "constructs/annotations.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
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
