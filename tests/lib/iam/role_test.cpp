// Role, Policy and Grant behaviour that the golden cases do not pin down.
#include "cfn/duration.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace iam = cdk::iam;
using cdk::Json;

namespace {

/// A resource policy that records what it was given.
class RecordingResource : public iam::IResourceWithPolicy {
public:
    explicit RecordingResource(std::string account) : account_(std::move(account)) {}
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override {
        statements.push_back(statement.to_statement_json());
        return {.statement_added = true, .policy_dependable = nullptr};
    }
    std::string resource_account() const override { return account_; }
    std::vector<Json> statements;

private:
    std::string account_;
};

} // namespace

TEST(Role, AddToPolicyCreatesOneDefaultPolicy) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::Role role(stack, "R", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    EXPECT_EQ(role.default_policy(), nullptr);
    role.add_to_policy(iam::PolicyStatement({.actions = {"s3:GetObject"}, .resources = {"*"}}));
    role.add_to_policy(iam::PolicyStatement({.actions = {"s3:PutObject"}, .resources = {"*"}}));
    ASSERT_NE(role.default_policy(), nullptr);
    EXPECT_EQ(role.default_policy()->document().statement_count(), 2U);
    EXPECT_EQ(role.default_policy()->node().path(), "S/R/DefaultPolicy");
    EXPECT_EQ(role.default_policy()->resource().logical_id().rfind("RDefaultPolicy", 0), 0U);
}

TEST(Role, NeedsAPrincipalAndAValidSessionDuration) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(iam::Role(stack, "NoPrincipal", {}), cdk::ValidationError);
    EXPECT_THROW(
        iam::Role(stack, "TooLong",
                  {.assumed_by = iam::AnyPrincipal(), .max_session_duration = cdk::Duration::hours(13)}),
        cdk::ValidationError);
}

TEST(Role, ExternalIdsConditionEveryTrustStatement) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::Role role(stack, "R", {.assumed_by = iam::AccountPrincipal("123456789012"), .external_ids = {"x"}});
    EXPECT_EQ(role.assume_role_policy().statements()[0].to_statement_json()["Condition"],
              Json({{"StringEquals", {{"sts:ExternalId", "x"}}}}));
}

TEST(Role, ImportedByArn) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    iam::IRole& role = iam::Role::from_role_arn(stack, "I", "arn:aws:iam::111111111111:role/path/to/name");
    EXPECT_EQ(role.role_name(), "name");
    EXPECT_EQ(role.principal_account(), "111111111111");
    // Mutable imports get a Policy child named Policy.
    role.add_to_policy(iam::PolicyStatement({.actions = {"s3:GetObject"}, .resources = {"*"}}));
    EXPECT_NE(role.role_construct().node().try_find_child("Policy"), nullptr);
}

TEST(Grant, ServicePrincipalGoesToTheResourcePolicy) {
    RecordingResource resource("111111111111");
    const iam::Grant grant =
        iam::Grant::add_to_principal_or_resource({.grantee = iam::ServicePrincipal("sns.amazonaws.com"),
                                                  .actions = {"sqs:SendMessage"},
                                                  .resource_arns = {"arn:q"},
                                                  .resource = resource});
    ASSERT_EQ(resource.statements.size(), 1U);
    EXPECT_EQ(resource.statements[0]["Principal"], Json({{"Service", "sns.amazonaws.com"}}));
    EXPECT_TRUE(grant.success());
    EXPECT_FALSE(grant.principal_statement().has_value());
}

TEST(Grant, SameAccountRoleUsesOnlyItsPolicy) {
    cdk::App app;
    cdk::Stack stack(app, "S",
                     {.env = cdk::Environment{.account = "111111111111", .region = "ap-southeast-2"}});
    iam::Role role(stack, "R", {.assumed_by = iam::AnyPrincipal()});
    RecordingResource same("111111111111");
    iam::Grant::add_to_principal_or_resource(
        {.grantee = role, .actions = {"s3:GetObject"}, .resource_arns = {"arn:b"}, .resource = same});
    EXPECT_TRUE(same.statements.empty());
    ASSERT_NE(role.default_policy(), nullptr);

    // Another account: the resource policy must trust the role too.
    RecordingResource other("222222222222");
    iam::Grant::add_to_principal_or_resource(
        {.grantee = role, .actions = {"s3:GetObject"}, .resource_arns = {"arn:c"}, .resource = other});
    EXPECT_EQ(other.statements.size(), 1U);
    EXPECT_EQ(role.default_policy()->document().statement_count(), 2U);
}

TEST(Grant, AccountsCompareLikeTokens) {
    EXPECT_TRUE(iam::detail::same_account("111111111111", "111111111111"));
    EXPECT_FALSE(iam::detail::same_account("111111111111", "222222222222"));
    cdk::App app;
    cdk::Stack agnostic(app, "A");
    EXPECT_TRUE(iam::detail::same_account(agnostic.account(), agnostic.account()));
    EXPECT_FALSE(iam::detail::same_account(agnostic.account(), "111111111111"));
}

TEST(Duration, ConvertsWholeUnitsOnly) {
    EXPECT_EQ(cdk::Duration::hours(2).to_seconds(), 7200);
    EXPECT_EQ(cdk::Duration::days(7).to_days(), 7);
    EXPECT_THROW((void)cdk::Duration::seconds(90).to_minutes(), cdk::ValidationError);
}
