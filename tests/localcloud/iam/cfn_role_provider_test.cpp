#include "localcloud/iam/cfn_role_provider.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using RoleProviderTest = ProviderTest;

Json trust() {
    return Json::parse(
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sts:AssumeRole"}]})");
}

Json allow(const std::string& action) {
    return Json{{"Version", "2012-10-17"},
                {"Statement", Json::array({{{"Effect", "Allow"}, {"Action", action}, {"Resource", "*"}}})}};
}

Result<Json> role(Store& store, CloudContext& cloud, const std::string& name) {
    return store.read<Json>([&](Tx& tx) { return cloud.iam.get(tx, iam::EntityKind::Role, kAccount, name); });
}

TEST_F(RoleProviderTest, CreatesRoleWithPoliciesAndUpdatesInPlace) {
    auto& p = provider("AWS::IAM::Role");
    Json props{{"RoleName", "cdk-q-deploy-role"},
               {"AssumeRolePolicyDocument", trust()},
               {"Policies", Json::array({{{"PolicyName", "default"}, {"PolicyDocument", allow("s3:*")}}})},
               {"ManagedPolicyArns", Json::array({"arn:aws:iam::aws:policy/ReadOnlyAccess"})},
               {"Tags", Json::array({{{"Key", "aws-cdk:bootstrap-role"}, {"Value", "deploy"}}})},
               {"MaxSessionDuration", 7200}};
    auto r = p.create(request(admin(), "DeployRole", props));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id, "cdk-q-deploy-role");
    EXPECT_EQ(r->attributes["Arn"], "arn:aws:iam::111111111111:role/cdk-q-deploy-role");
    EXPECT_EQ(r->attributes["RoleId"].get<std::string>().rfind("AROA", 0), 0U);
    auto stored = role(*store_, *cloud_, "cdk-q-deploy-role");
    ASSERT_TRUE(stored);
    EXPECT_TRUE((*stored)["InlinePolicies"].contains("default"));
    EXPECT_EQ((*stored)["AttachedPolicies"].size(), 1U);
    EXPECT_EQ((*stored)["MaxSessionDuration"], 7200);
    EXPECT_EQ((*stored)["Tags"][0]["Key"], "aws-cdk:bootstrap-role");

    Json next = props;
    next["Policies"] = Json::array({{{"PolicyName", "other"}, {"PolicyDocument", allow("sqs:*")}}});
    next["ManagedPolicyArns"] = Json::array();
    next["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["AWS"] = "arn:aws:iam::222222222222:root";
    auto req = request(admin(), "DeployRole", next, "cdk-q-deploy-role");
    req.previous_properties = props;
    auto u = p.update(req);
    ASSERT_TRUE(u) << u.error().to_string();
    EXPECT_EQ(u->attributes["RoleId"], r->attributes["RoleId"]); // in place: same role
    stored = role(*store_, *cloud_, "cdk-q-deploy-role");
    EXPECT_FALSE((*stored)["InlinePolicies"].contains("default"));
    EXPECT_TRUE((*stored)["InlinePolicies"].contains("other"));
    EXPECT_TRUE((*stored)["AttachedPolicies"].empty());
    EXPECT_EQ((*stored)["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["AWS"],
              "arn:aws:iam::222222222222:root");

    ASSERT_TRUE(p.remove(request(admin(), "DeployRole", next, "cdk-q-deploy-role")));
    EXPECT_FALSE(role(*store_, *cloud_, "cdk-q-deploy-role"));
    ASSERT_TRUE(p.remove(request(admin(), "DeployRole", next, "cdk-q-deploy-role")));
}

TEST_F(RoleProviderTest, ExecutionPolicyLimitsWhatTheStackMayCreate) {
    // a cfn-exec role limited to S3 cannot create roles
    auto r = provider("AWS::IAM::Role")
                 .create(request(limited("s3:*"), "R", Json{{"AssumeRolePolicyDocument", trust()}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "AccessDenied");
    EXPECT_NE(r.error().message.find("is not authorized to perform: iam:CreateRole on resource: "
                                     "arn:aws:iam::111111111111:role/R-"),
              std::string::npos)
        << r.error().message;
    // iam:CreateRole alone does not let it attach AdministratorAccess: nothing is left behind
    auto c = provider("AWS::IAM::Role")
                 .create(request(limited("iam:CreateRole"), "R",
                                 Json{{"RoleName", "escalate"},
                                      {"AssumeRolePolicyDocument", trust()},
                                      {"ManagedPolicyArns",
                                       Json::array({"arn:aws:iam::aws:policy/AdministratorAccess"})}}));
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("iam:AttachRolePolicy"), std::string::npos) << c.error().message;
    EXPECT_FALSE(role(*store_, *cloud_, "escalate"));
}

TEST_F(RoleProviderTest, PolicyAndManagedPolicyAttachToRoles) {
    ASSERT_TRUE(provider("AWS::IAM::Role")
                    .create(request(admin(), "R",
                                    Json{{"RoleName", "worker"}, {"AssumeRolePolicyDocument", trust()}})));
    auto& inline_provider = provider("AWS::IAM::Policy");
    Json pol{{"PolicyName", "extra"},
             {"PolicyDocument", allow("s3:GetObject")},
             {"Roles", Json::array({"worker"})}};
    auto r = inline_provider.create(request(admin(), "Pol", pol));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_FALSE(r->physical_id.empty());
    EXPECT_TRUE((*role(*store_, *cloud_, "worker"))["InlinePolicies"].contains("extra"));

    auto& managed = provider("AWS::IAM::ManagedPolicy");
    Json mp{{"PolicyDocument", allow("ssm:GetParameter")},
            {"Roles", Json::array({"worker"})},
            {"ManagedPolicyName", "cdk-q-boundary"}};
    auto m = managed.create(request(admin(), "Boundary", mp));
    ASSERT_TRUE(m) << m.error().to_string();
    EXPECT_EQ(m->physical_id, "arn:aws:iam::111111111111:policy/cdk-q-boundary");
    EXPECT_EQ(m->attributes["PolicyArn"], m->physical_id);
    EXPECT_EQ((*role(*store_, *cloud_, "worker"))["AttachedPolicies"][0], m->physical_id);

    Json mp2 = mp;
    mp2["PolicyDocument"] = allow("ssm:*");
    auto req = request(admin(), "Boundary", mp2, m->physical_id);
    req.previous_properties = mp;
    auto u = managed.update(req);
    ASSERT_TRUE(u) << u.error().to_string();
    EXPECT_EQ(u->attributes["DefaultVersionId"], "v2");

    ASSERT_TRUE(managed.remove(request(admin(), "Boundary", mp2, m->physical_id)));
    ASSERT_TRUE(inline_provider.remove(request(admin(), "Pol", pol, r->physical_id)));
    const Json worker = *role(*store_, *cloud_, "worker");
    EXPECT_TRUE(worker["AttachedPolicies"].empty());
    EXPECT_TRUE(worker["InlinePolicies"].empty());
    ASSERT_TRUE(managed.remove(request(admin(), "Boundary", mp2, m->physical_id))); // already gone
}

} // namespace
} // namespace cdk::localcloud::testing
