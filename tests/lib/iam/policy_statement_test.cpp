// PolicyStatement and PolicyDocument rendering as aws-cdk-lib renders them.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/policy_document.hpp"
#include "lib/iam/policy_statement.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace iam = cdk::iam;
using cdk::Json;

TEST(PolicyStatement, SingleValuesAreNotArrays) {
    iam::PolicyStatement s({.actions = {"s3:GetObject"}, .resources = {"*"}});
    EXPECT_EQ(s.to_statement_json(),
              Json({{"Action", "s3:GetObject"}, {"Effect", "Allow"}, {"Resource", "*"}}));
}

TEST(PolicyStatement, DuplicatesDroppedOrderKept) {
    iam::PolicyStatement s({.actions = {"s3:PutObject", "s3:GetObject", "s3:PutObject"}});
    s.add_actions({"s3:GetObject", "s3:DeleteObject"});
    s.add_resources({"b", "a", "b"});
    EXPECT_EQ(s.to_statement_json()["Action"], Json({"s3:PutObject", "s3:GetObject", "s3:DeleteObject"}));
    EXPECT_EQ(s.to_statement_json()["Resource"], Json({"b", "a"}));
}

TEST(PolicyStatement, DenyNotActionsNotResourcesSid) {
    iam::PolicyStatement s({.sid = "NoIam",
                            .effect = iam::Effect::Deny,
                            .not_actions = {"iam:*"},
                            .not_resources = {"arn:aws:s3:::x"}});
    EXPECT_EQ(s.to_statement_json(), Json({{"Effect", "Deny"},
                                           {"NotAction", "iam:*"},
                                           {"NotResource", "arn:aws:s3:::x"},
                                           {"Sid", "NoIam"}}));
}

TEST(PolicyStatement, ActionsAndNotActionsExclude) {
    iam::PolicyStatement s({.actions = {"s3:GetObject"}});
    EXPECT_THROW(s.add_not_actions({"s3:PutObject"}), cdk::ValidationError);
    EXPECT_THROW(iam::PolicyStatement({.actions = {"no-colon"}}), cdk::ValidationError);
}

TEST(PolicyStatement, ConditionsMergePerOperator) {
    iam::PolicyStatement s({.actions = {"s3:GetObject"}, .conditions = {{"StringEquals", {{"a", "1"}}}}});
    s.add_condition("StringEquals", {{"b", "2"}});
    s.add_condition("Bool", {{"aws:SecureTransport", "false"}});
    EXPECT_EQ(s.to_statement_json()["Condition"], Json({{"Bool", {{"aws:SecureTransport", "false"}}},
                                                        {"StringEquals", {{"a", "1"}, {"b", "2"}}}}));
}

TEST(PolicyStatement, PrincipalsMergeByKind) {
    iam::PolicyStatement s(
        {.actions = {"sts:AssumeRole"},
         .principals = {iam::ServicePrincipal("a.amazonaws.com"), iam::ArnPrincipal("arn:x"),
                        iam::ServicePrincipal("b.amazonaws.com"), iam::ArnPrincipal("arn:x")}});
    EXPECT_EQ(s.to_statement_json()["Principal"],
              Json({{"AWS", "arn:x"}, {"Service", {"a.amazonaws.com", "b.amazonaws.com"}}}));
}

TEST(PolicyStatement, PrincipalConditionsBecomeStatementConditions) {
    iam::PolicyStatement s({.actions = {"sts:AssumeRole"},
                            .principals = {iam::with_conditions(
                                iam::ArnPrincipal("arn:x"), {{"StringEquals", {{"sts:ExternalId", "e"}}}})}});
    EXPECT_EQ(s.to_statement_json()["Condition"], Json({{"StringEquals", {{"sts:ExternalId", "e"}}}}));
    // Principals with different conditions cannot share a statement.
    EXPECT_THROW(s.add_principals({iam::ArnPrincipal("arn:y")}), cdk::ValidationError);
}

TEST(PolicyStatement, AnyPrincipal) {
    iam::PolicyStatement s({.actions = {"s3:GetObject"}});
    s.add_any_principal();
    EXPECT_EQ(s.to_statement_json()["Principal"], Json({{"AWS", "*"}}));
}

TEST(Principals, AccountPrincipalArnUsesPartition) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    const auto fragment = iam::AccountPrincipal("123456789012").policy_fragment();
    EXPECT_EQ(
        stack.resolve(fragment.principal_json),
        Json::parse(
            R"({"AWS":[{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::123456789012:root"]]}]})"));
    EXPECT_EQ(iam::AccountPrincipal("123456789012").principal_account(), "123456789012");
    EXPECT_EQ(iam::ArnPrincipal("arn:aws:iam::222222222222:role/x").principal_account(), "222222222222");
}

TEST(Principals, AccountRootPrincipalTakesTheStackAccount) {
    cdk::App app;
    cdk::Stack agnostic(app, "A");
    cdk::Stack pinned(app, "P",
                      {.env = cdk::Environment{.account = "333333333333", .region = "ap-southeast-2"}});
    const Json json = iam::AccountRootPrincipal().policy_fragment().principal_json;
    const std::string text = pinned.resolve(json).dump();
    EXPECT_NE(text.find(":iam::333333333333:root"), std::string::npos) << text;
    const std::string agnostic_text = agnostic.resolve(json).dump();
    EXPECT_NE(agnostic_text.find("AWS::AccountId"), std::string::npos) << agnostic_text;
}

TEST(Principals, CompositeRejectsConditions) {
    iam::CompositePrincipal ok({iam::ServicePrincipal("a.amazonaws.com"), iam::ArnPrincipal("arn:x")});
    EXPECT_EQ(ok.policy_fragment().principal_json,
              Json({{"AWS", {"arn:x"}}, {"Service", {"a.amazonaws.com"}}}));
    iam::CompositePrincipal bad({iam::with_conditions(iam::ArnPrincipal("arn:x"), {{"Bool", {{"k", "v"}}}})});
    EXPECT_THROW((void)bad.policy_fragment(), cdk::ValidationError);
    EXPECT_THROW(iam::CompositePrincipal({}), cdk::ValidationError);
}

TEST(Principals, CompositeAddsOneTrustStatementEach) {
    iam::PolicyDocument doc;
    iam::CompositePrincipal({iam::ServicePrincipal("a.amazonaws.com"), iam::AccountPrincipal("1")})
        .add_to_assume_role_policy(doc);
    ASSERT_EQ(doc.statement_count(), 2U);
    EXPECT_EQ(doc.statements()[0].to_statement_json()["Action"], "sts:AssumeRole");
}

TEST(PolicyDocument, IdenticalStatementsRenderedOnce) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::PolicyDocument doc;
    doc.add_statements({iam::PolicyStatement({.actions = {"s3:GetObject"}, .resources = {"*"}}),
                        iam::PolicyStatement({.actions = {"s3:GetObject"}, .resources = {"*"}}),
                        iam::PolicyStatement({.actions = {"s3:PutObject"}, .resources = {"*"}})});
    const Json resolved = stack.resolve(doc.to_json());
    EXPECT_EQ(resolved["Version"], "2012-10-17");
    EXPECT_EQ(resolved["Statement"].size(), 2U);
    EXPECT_TRUE(iam::PolicyDocument().render().is_null());
}

TEST(PolicyDocument, AssignSids) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::PolicyDocument doc(
        {.statements = {iam::PolicyStatement({.actions = {"s3:GetObject"}, .resources = {"*"}})},
         .assign_sids = true});
    EXPECT_EQ(stack.resolve(doc.to_json())["Statement"][0]["Sid"], "0");
}
