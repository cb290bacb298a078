// `@aws-cdk/aws-iam:minimizePolicies`: aws-cdk-lib's mergeStatements and the sorting of
// PostProcessPolicyDocument (aws-iam/lib/private/merge-statements.js, postprocess-policy-document.js), and
// Role's splitLargePolicy.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/managed_policy.hpp"
#include "lib/iam/merge_statements.hpp"
#include "lib/iam/policy_document.hpp"
#include "lib/iam/role.hpp"
#include "synth/stack_template.hpp"
#include "tokens/fn.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

namespace iam = cdk::iam;
using cdk::Json;

namespace {

/// The document's statements as rendered in a stack of an app with the flag set as given.
Json render(const std::vector<iam::PolicyStatement>& statements, std::optional<bool> flag = true,
            std::optional<bool> minimize = std::nullopt) {
    cdk::AppProps props;
    if (flag) props.context = {{"@aws-cdk/aws-iam:minimizePolicies", *flag}};
    cdk::App app(props);
    cdk::Stack stack(app, "S");
    iam::ManagedPolicy policy(stack, "P", {.document = iam::PolicyDocument({.minimize = minimize})});
    policy.add_statements(statements);
    const Json t = cdk::render_stack_template(stack);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::IAM::ManagedPolicy") return r["Properties"]["PolicyDocument"]["Statement"];
    }
    return Json();
}

iam::PolicyStatement allow(std::vector<std::string> actions, std::vector<std::string> resources) {
    return iam::PolicyStatement({.actions = std::move(actions), .resources = std::move(resources)});
}

} // namespace

TEST(MinimizePolicies, MergesStatementsThatDifferOnlyInActions) {
    const Json s =
        render({allow({"s3:PutObject"}, {"arn:aws:s3:::b"}), allow({"s3:GetObject"}, {"arn:aws:s3:::b"})});
    ASSERT_EQ(s.size(), 1U) << s.dump();
    EXPECT_EQ(s[0], Json({{"Action", {"s3:GetObject", "s3:PutObject"}},
                          {"Effect", "Allow"},
                          {"Resource", "arn:aws:s3:::b"}}));
}

TEST(MinimizePolicies, MergesStatementsThatDifferOnlyInResources) {
    const Json s =
        render({allow({"s3:GetObject"}, {"arn:aws:s3:::z"}), allow({"s3:GetObject"}, {"arn:aws:s3:::a"})});
    ASSERT_EQ(s.size(), 1U) << s.dump();
    EXPECT_EQ(s[0]["Resource"], Json({"arn:aws:s3:::a", "arn:aws:s3:::z"}));
}

TEST(MinimizePolicies, DoesNotMergeWhenTwoOfThreeDiffer) {
    const Json s =
        render({allow({"s3:GetObject"}, {"arn:aws:s3:::a"}), allow({"s3:PutObject"}, {"arn:aws:s3:::b"})});
    EXPECT_EQ(s.size(), 2U) << s.dump();
}

TEST(MinimizePolicies, MergesPrincipalsInResourcePolicies) {
    std::vector<iam::PolicyStatement> statements = {
        iam::PolicyStatement({.actions = {"sqs:SendMessage"},
                              .principals = {iam::ServicePrincipal("sns.amazonaws.com")},
                              .resources = {"*"}}),
        iam::PolicyStatement({.actions = {"sqs:SendMessage"},
                              .principals = {iam::ArnPrincipal("arn:aws:iam::123456789012:root")},
                              .resources = {"*"}}),
        // The same principal again (equal dedupe strings): nothing to add.
        iam::PolicyStatement({.actions = {"sqs:SendMessage"},
                              .principals = {iam::ServicePrincipal("sns.amazonaws.com")},
                              .resources = {"*"}}),
    };
    const auto merged = iam::detail::merge_statements(statements, {});
    ASSERT_EQ(merged.size(), 1U);
    EXPECT_EQ(merged[0].statement.principals().size(), 2U);
    EXPECT_EQ(merged[0].originals, (std::vector<size_t>{0, 1, 2}));
    EXPECT_EQ(merged[0].statement.to_statement_json()["Principal"],
              Json({{"AWS", "arn:aws:iam::123456789012:root"}, {"Service", "sns.amazonaws.com"}}));
}

TEST(MinimizePolicies, KeepsApartDifferentEffectsConditionsNotActionsAndSids) {
    iam::PolicyStatement base = allow({"s3:GetObject"}, {"*"});
    iam::PolicyStatement deny({.effect = iam::Effect::Deny, .actions = {"s3:PutObject"}, .resources = {"*"}});
    iam::PolicyStatement conditional = allow({"s3:ListBucket"}, {"*"});
    conditional.add_condition("Bool", {{"aws:SecureTransport", "true"}});
    iam::PolicyStatement with_sid({.sid = "Named", .actions = {"s3:DeleteObject"}, .resources = {"*"}});
    iam::PolicyStatement not_action({.not_actions = {"iam:*"}, .resources = {"*"}});
    const Json s = render({base, deny, conditional, with_sid, not_action});
    EXPECT_EQ(s.size(), 5U) << s.dump();
    // Two statements with the same NotAction and conditions do merge (their resources).
    iam::PolicyStatement n1({.not_actions = {"iam:*"}, .resources = {"arn:aws:s3:::b"}});
    iam::PolicyStatement n2({.not_actions = {"iam:*"}, .resources = {"arn:aws:s3:::a"}});
    const Json n = render({n1, n2});
    ASSERT_EQ(n.size(), 1U) << n.dump();
    EXPECT_EQ(n[0], Json({{"Effect", "Allow"},
                          {"NotAction", "iam:*"},
                          {"Resource", {"arn:aws:s3:::a", "arn:aws:s3:::b"}}}));
}

TEST(MinimizePolicies, MergedStatementTakesTheFirstPlaceAndPassesRepeat) {
    // c merges with a (same resource), then the merged a+c with b (same actions) in a second pass.
    const Json s = render({allow({"s3:GetObject"}, {"arn:aws:s3:::one"}),
                           allow({"sqs:SendMessage"}, {"arn:aws:sqs:::q"}),
                           allow({"s3:PutObject"}, {"arn:aws:s3:::one"}),
                           allow({"s3:GetObject", "s3:PutObject"}, {"arn:aws:s3:::two"})});
    ASSERT_EQ(s.size(), 2U) << s.dump();
    EXPECT_EQ(s[0], Json({{"Action", {"s3:GetObject", "s3:PutObject"}},
                          {"Effect", "Allow"},
                          {"Resource", {"arn:aws:s3:::one", "arn:aws:s3:::two"}}}));
    EXPECT_EQ(s[1]["Action"], "sqs:SendMessage");
}

TEST(MinimizePolicies, SortsActionsResourcesAndPrincipalsByTheirJson) {
    // One statement, nothing to merge: still sorted (tokens by their resolved JSON: strings before objects).
    iam::PolicyStatement s({.actions = {"sqs:B", "sqs:A"},
                            .resources = {cdk::Fn::ref("Q"), "arn:aws:sqs:::z", "arn:aws:sqs:::a"}});
    const Json out = render({s});
    ASSERT_EQ(out.size(), 1U);
    EXPECT_EQ(out[0]["Action"], Json({"sqs:A", "sqs:B"}));
    EXPECT_EQ(out[0]["Resource"], Json({"arn:aws:sqs:::a", "arn:aws:sqs:::z", {{"Ref", "Q"}}}));
}

TEST(MinimizePolicies, OffByDefaultAndMinimizeOverridesTheFlag) {
    const std::vector<iam::PolicyStatement> two = {allow({"s3:PutObject"}, {"*"}),
                                                   allow({"s3:GetObject"}, {"*"})};
    EXPECT_EQ(render(two, std::nullopt).size(), 2U);
    EXPECT_EQ(render(two, false).size(), 2U);
    EXPECT_EQ(render(two, false, true).size(), 1U);
    EXPECT_EQ(render(two, true, false).size(), 2U);
    // Unsorted when not minimized.
    EXPECT_EQ(render({allow({"s3:PutObject", "s3:GetObject"}, {"*"})}, false)[0]["Action"],
              Json({"s3:PutObject", "s3:GetObject"}));
}

TEST(MinimizePolicies, ALiteralStarPrincipalDoesNotMergeWithOthers) {
    std::vector<iam::PolicyStatement> statements = {
        iam::PolicyStatement(
            {.actions = {"sns:Publish"}, .principals = {iam::StarPrincipal()}, .resources = {"*"}}),
        iam::PolicyStatement(
            {.actions = {"sns:Publish"}, .principals = {iam::AnyPrincipal()}, .resources = {"*"}}),
    };
    EXPECT_EQ(iam::detail::merge_statements(statements, {}).size(), 2U);
}

TEST(MinimizePolicies, RolesAreComparedByIdentityAccountPrincipalsByInstance) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::Role r1(stack, "R1", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    iam::Role r2(stack, "R2", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    const auto stmt = [](const iam::IPrincipal& p, const std::string& action, const std::string& resource) {
        return iam::PolicyStatement({.actions = {action}, .principals = {p}, .resources = {resource}});
    };
    // Same role, different actions and resources: only principals equal, no merge.
    EXPECT_EQ(iam::detail::merge_statements({stmt(r1, "kms:A", "a"), stmt(r1, "kms:B", "b")}, {}).size(), 2U);
    // Same role and resource: merge; different roles and same action + resource: merge.
    EXPECT_EQ(iam::detail::merge_statements({stmt(r1, "kms:A", "a"), stmt(r1, "kms:B", "a")}, {}).size(), 1U);
    EXPECT_EQ(iam::detail::merge_statements({stmt(r1, "kms:A", "a"), stmt(r2, "kms:A", "a")}, {}).size(), 1U);
    // aws-cdk-lib's AccountPrincipal ARN is a new token per instance: two instances are different principals.
    const iam::AccountPrincipal p1("111111111111");
    const iam::AccountPrincipal p2("111111111111");
    EXPECT_EQ(iam::detail::merge_statements({stmt(p1, "kms:A", "a"), stmt(p2, "kms:B", "b")}, {}).size(), 2U);
    EXPECT_EQ(iam::detail::merge_statements({stmt(p1, "kms:A", "a"), stmt(p1, "kms:B", "b")}, {}).size(), 2U);
    EXPECT_EQ(iam::detail::merge_statements({stmt(p1, "kms:A", "a"), stmt(p1, "kms:B", "a")}, {}).size(), 1U);
}

TEST(MinimizePolicies, LimitSizeRefusesMergesAbove2000AndEqualOnlyMergesSets) {
    std::vector<iam::PolicyStatement> statements;
    for (int i = 0; i < 20; ++i)
        statements.push_back(allow({"s3:GetObject"}, {cdk::Fn::ref("B" + std::to_string(i))}));
    // 18 (Effect) + 26 (Action) + 13 + 153 per token ARN + 2 (`{}`): 12 resources are 1895, 13 are 2048.
    const auto limited = iam::detail::merge_statements(statements, {.limit_size = true});
    ASSERT_EQ(limited.size(), 2U);
    EXPECT_EQ(limited[0].statement.resources().size(), 12U);
    EXPECT_EQ(iam::detail::merge_statements(statements, {}).size(), 1U);
    // Equal-only: actions in another order are the same set.
    const auto equal = iam::detail::merge_statements(
        {allow({"a:X", "a:Y"}, {"r"}), allow({"a:Y", "a:X"}, {"r"}), allow({"a:X"}, {"r"})},
        {.merge_if_combinable = false});
    EXPECT_EQ(equal.size(), 2U);
}

TEST(MinimizePolicies, RoleSplitsALargeDefaultPolicyIntoOverflowManagedPolicies) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::Role role(stack, "R", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    // Without the flag only equal statements merge: 100 statements of ~180 characters each.
    for (int i = 0; i < 100; ++i) {
        role.add_to_policy(
            allow({"s3:GetObject" + std::to_string(i)}, {cdk::Fn::ref("B" + std::to_string(i))}));
    }
    role.split_large_policy();
    const Json t = cdk::render_stack_template(stack);
    size_t managed = 0;
    size_t statements = 0;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::IAM::ManagedPolicy") {
            ++managed;
            EXPECT_EQ(r["Properties"]["Description"], "Part of the policies for S/R");
            EXPECT_EQ(r["Properties"]["Roles"].size(), 1U);
            statements += r["Properties"]["PolicyDocument"]["Statement"].size();
        }
        if (r["Type"] == "AWS::IAM::Policy")
            statements += r["Properties"]["PolicyDocument"]["Statement"].size();
    }
    EXPECT_GE(managed, 2U);
    EXPECT_EQ(statements, 100U);
    EXPECT_NE(stack.node().try_find_child("R")->node().try_find_child("OverflowPolicy1"), nullptr);
}
