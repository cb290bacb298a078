#include "localcloud/iam/policy_evaluator.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::iam {
namespace {

Principal role_session(const std::string& account, const std::string& role) {
    return Principal{account, "arn:aws:sts::" + account + ":assumed-role/" + role + "/s",
                     "arn:aws:iam::" + account + ":role/" + role, "", false};
}

const Json kAllowPut = Json::parse(
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]})");

AuthorizationRequest put_request(const Principal& who, std::string resource_account) {
    AuthorizationRequest r;
    r.principal = who;
    r.action = "s3:PutObject";
    r.resource = "arn:aws:s3:::b/k";
    r.resource_account = std::move(resource_account);
    r.mode = ResourcePolicyMode::Optional;
    add_principal_context(r.context, who);
    return r;
}

TEST(PolicyEvaluatorTest, IdentityAllowInTheSameAccount) {
    auto r = put_request(role_session("1", "r"), "1");
    r.identity_policies = {kAllowPut};
    EXPECT_TRUE(authorize(r).allowed);
}

TEST(PolicyEvaluatorTest, FailsWithImplicitDenyAndAwsWording) {
    auto r = put_request(role_session("1", "r"), "1");
    const auto d = authorize(r);
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.message,
              "User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: s3:PutObject on "
              "resource: arn:aws:s3:::b/k because no identity-based policy allows the s3:PutObject action");
}

TEST(PolicyEvaluatorTest, FailsWhenAnExplicitDenyInTheResourcePolicyWins) {
    auto r = put_request(role_session("1", "r"), "1");
    r.identity_policies = {Json::parse(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})")};
    r.resource_policy = Json::parse(
        R"({"Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]})");
    const auto d = authorize(r);
    EXPECT_FALSE(d.allowed);
    EXPECT_NE(d.message.find("explicit deny in a resource-based policy"), std::string::npos);
}

TEST(PolicyEvaluatorTest, CrossAccountNeedsBothSides) {
    const Json bucket_policy = Json::parse(
        R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"2"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]})");
    auto r = put_request(role_session("2", "r"), "1");
    r.identity_policies = {kAllowPut};
    EXPECT_FALSE(authorize(r).allowed);
    r.resource_policy = bucket_policy;
    EXPECT_TRUE(authorize(r).allowed);
    r.identity_policies.clear();
    EXPECT_FALSE(authorize(r).allowed);
}

TEST(PolicyEvaluatorTest, NotActionNotResourceAndDenyInIdentity) {
    auto r = put_request(role_session("1", "r"), "1");
    r.identity_policies = {Json::parse(
        R"({"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
                         {"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::b/*"}]})")};
    EXPECT_TRUE(authorize(r).allowed);
    r.resource = "arn:aws:s3:::other/k";
    const auto d = authorize(r);
    EXPECT_FALSE(d.allowed);
    EXPECT_NE(d.message.find("explicit deny in an identity-based policy"), std::string::npos);
    r.action = "iam:CreateRole";
    r.resource = "*";
    EXPECT_FALSE(authorize(r).allowed);
}

TEST(PolicyEvaluatorTest, TrustPolicyWithAccountPrincipalAndExternalIdCondition) {
    const Json trust = Json::parse(R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
        "Principal":{"AWS":"arn:aws:iam::999:root"},"Condition":{"Null":{"sts:ExternalId":"true"}}}]})");
    const Json admin = Json::parse(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
    AuthorizationRequest r;
    r.principal = Principal{"999", "arn:aws:iam::999:user/admin", "", "", false};
    r.action = "sts:AssumeRole";
    r.resource = "arn:aws:iam::111:role/deploy";
    r.resource_account = "111";
    r.resource_policy = trust;
    r.mode = ResourcePolicyMode::Required;
    r.identity_policies = {admin};
    add_principal_context(r.context, r.principal);
    EXPECT_TRUE(authorize(r).allowed);
    r.context[context_key("sts:ExternalId")] = {"x"};
    EXPECT_FALSE(authorize(r).allowed);
    r.context.erase(context_key("sts:ExternalId"));
    r.principal.account = "222";
    r.principal.arn = "arn:aws:iam::222:user/admin";
    EXPECT_FALSE(authorize(r).allowed);
}

TEST(PolicyEvaluatorTest, NamedPrincipalInTheSameAccountNeedsNoIdentityPolicy) {
    AuthorizationRequest r;
    r.principal = role_session("1", "a");
    r.action = "kms:Decrypt";
    r.resource = "arn:aws:kms:r:1:key/k";
    r.resource_account = "1";
    r.mode = ResourcePolicyMode::Required;
    r.resource_policy =
        Json::parse(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:role/a"},
        "Action":"kms:*","Resource":"*"}]})");
    EXPECT_TRUE(authorize(r).allowed);
    r.resource_policy =
        Json::parse(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},
        "Action":"kms:*","Resource":"*"}]})");
    EXPECT_FALSE(authorize(r).allowed);
}

TEST(PolicyEvaluatorTest, WildcardPrincipalGrantsOnItsOwnWithinItsConditions) {
    // The shape of an AWS-managed key's policy (aws/s3): everyone, restricted by conditions.
    AuthorizationRequest r;
    r.principal = role_session("1", "deploy");
    r.action = "kms:GenerateDataKey";
    r.resource = "arn:aws:kms:r:1:key/k";
    r.resource_account = "1";
    r.mode = ResourcePolicyMode::Required;
    r.resource_policy = Json::parse(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},
        "Action":["kms:Encrypt","kms:GenerateDataKey*"],"Resource":"*",
        "Condition":{"StringEquals":{"kms:CallerAccount":"1"}}}]})");
    r.context[context_key("kms:CallerAccount")] = {"1"};
    EXPECT_TRUE(authorize(r).allowed);
    r.context[context_key("kms:CallerAccount")] = {"2"};
    EXPECT_FALSE(authorize(r).allowed);
    // Across accounts the caller's own policies must allow it too.
    r.principal = role_session("2", "deploy");
    r.context[context_key("kms:CallerAccount")] = {"1"};
    EXPECT_FALSE(authorize(r).allowed);
}

TEST(PolicyEvaluatorTest, NotPrincipalAndServicePrincipal) {
    const Json policy = Json::parse(R"({"Statement":[
        {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::1:role/a"},"Action":"s3:*","Resource":"*"},
        {"Effect":"Allow","Principal":{"Service":"cloudformation.amazonaws.com"},"Action":"sts:AssumeRole"}]})");
    const Principal a = role_session("1", "a");
    const Principal b = role_session("1", "b");
    EXPECT_EQ(evaluate_policy(policy, "s3:GetObject", "x", {}, &a).effect, Effect::NotApplicable);
    EXPECT_EQ(evaluate_policy(policy, "s3:GetObject", "x", {}, &b).effect, Effect::Deny);
    Principal cfn{"", "cloudformation.amazonaws.com", "", "cloudformation.amazonaws.com", false};
    EXPECT_EQ(evaluate_policy(policy, "sts:AssumeRole", "x", {}, &cfn).effect, Effect::Allow);
    EXPECT_EQ(evaluate_policy(policy, "sts:AssumeRole", "x", {}, &a).effect, Effect::NotApplicable);
}

TEST(PolicyEvaluatorTest, RootIsAllowedInItsAccountButNotAcross) {
    AuthorizationRequest r;
    r.principal = Principal{"1", "arn:aws:iam::1:root", "", "", true};
    r.action = "ssm:GetParameter";
    r.resource = "arn:aws:ssm:r:1:parameter/x";
    r.resource_account = "1";
    EXPECT_TRUE(authorize(r).allowed);
    r.resource_account = "2";
    EXPECT_FALSE(authorize(r).allowed);
}

} // namespace
} // namespace cdk::localcloud::iam
