// ManagedPolicy / Policy rendering as aws-cdk-lib 2.276 renders it.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/iam/user.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace iam = cdk::iam;
using cdk::Json;

namespace {

iam::PolicyStatement get_parameter() {
    return iam::PolicyStatement({.actions = {"ssm:GetParameter"}, .resources = {"*"}});
}

} // namespace

TEST(ManagedPolicy, AlwaysRendersDescriptionAndPath) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::ManagedPolicy policy(stack, "P", {.statements = {get_parameter()}});
    const Json t = cdk::render_stack_template(stack);
    ASSERT_EQ(t["Resources"].size(), 1U);
    const Json p = t["Resources"].begin().value()["Properties"];
    EXPECT_EQ(p["Description"], "");
    EXPECT_EQ(p["Path"], "/");
}

TEST(ManagedPolicy, TheSameRoleImportedTwiceIsAttachedOnce) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    const std::string arn = "arn:aws:iam::111111111111:role/app";
    iam::IRole& first = iam::Role::from_role_arn(stack, "First", arn);
    iam::IRole& second = iam::Role::from_role_arn(stack, "Second", arn);
    iam::ManagedPolicy managed(stack, "M", {.statements = {get_parameter()}, .roles = {&first}});
    managed.attach_to_role(second);
    iam::Policy inline_policy(stack, "I", {.statements = {get_parameter()}, .roles = {&first}});
    inline_policy.attach_to_role(second);
    const Json t = cdk::render_stack_template(stack);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::IAM::ManagedPolicy" || r["Type"] == "AWS::IAM::Policy") {
            EXPECT_EQ(r["Properties"]["Roles"], Json::array({"app"})) << id;
        }
    }
}

TEST(ManagedPolicy, AttachesUsersAndGroupsOnce) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::Group group(stack, "G");
    iam::User user(stack, "U", {.groups = {&group}});
    iam::ManagedPolicy managed(stack, "M", {.statements = {get_parameter()}, .users = {&user}});
    managed.attach_to_user(user);
    managed.attach_to_group(group);
    managed.attach_to_group(group);
    const Json t = cdk::render_stack_template(stack);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::IAM::ManagedPolicy") {
            EXPECT_EQ(r["Properties"]["Users"], Json::array({Json({{"Ref", user.resource().logical_id()}})}));
            EXPECT_EQ(r["Properties"]["Groups"],
                      Json::array({Json({{"Ref", group.resource().logical_id()}})}));
        }
        if (r["Type"] == "AWS::IAM::User") {
            EXPECT_EQ(r["Properties"]["Groups"],
                      Json::array({Json({{"Ref", group.resource().logical_id()}})}));
        }
    }
}

TEST(User, AddToPolicyCreatesADefaultPolicyAndTheUserIsAPrincipal) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::User user(stack, "U");
    user.add_to_policy(get_parameter());
    user.add_to_policy(iam::PolicyStatement({.actions = {"s3:GetObject"}, .resources = {"*"}}));
    const Json t = cdk::render_stack_template(stack);
    size_t policies = 0;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::IAM::Policy") continue;
        ++policies;
        EXPECT_EQ(r["Properties"]["Users"], Json::array({Json({{"Ref", user.resource().logical_id()}})}));
        EXPECT_EQ(r["Properties"]["PolicyDocument"]["Statement"].size(), 2U);
    }
    EXPECT_EQ(policies, 1U);
    EXPECT_EQ(user.policy_fragment().principal_json, Json({{"AWS", Json::array({Json(user.user_arn())})}}));
}

TEST(User, FailsOnAPasswordResetWithoutAPassword) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(iam::User(stack, "U", {.password_reset_required = true}), cdk::ValidationError);
}

TEST(Policy, PoliciesAreGranteesAndRefuseResourcePolicyGrants) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::User user(stack, "U");
    iam::Policy policy(stack, "P", {.users = {&user}});
    iam::ManagedPolicy managed(stack, "M", {.users = {&user}});
    iam::Role role(stack, "R", {.assumed_by = iam::AccountRootPrincipal()});
    const iam::Grant g1 = role.grant_assume_role(policy);
    const iam::Grant g2 = iam::Grant::add_to_principal(
        {.grantee = managed, .actions = {"iam:*"}, .resource_arns = {role.role_arn()}});
    EXPECT_TRUE(g1.success());
    EXPECT_TRUE(g2.success());
    ASSERT_EQ(policy.document().statement_count(), 1U);
    EXPECT_EQ(policy.document().statements()[0].actions(), std::vector<std::string>{"sts:AssumeRole"});
    ASSERT_EQ(managed.document().statement_count(), 1U);
    EXPECT_EQ(managed.document().statements()[0].actions(), std::vector<std::string>{"iam:*"});
    // The policy lives in the stack's account; as a principal of a resource policy it is an error.
    EXPECT_EQ(policy.grant_principal().principal_account(), stack.account());
    EXPECT_THROW((void)policy.grant_principal().policy_fragment(), cdk::ValidationError);
    EXPECT_THROW((void)managed.grant_principal().assume_role_action(), cdk::ValidationError);
}
