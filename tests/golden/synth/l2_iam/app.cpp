// Golden case l2_iam (see ../README.md): the C++ twin of ts/app.ts.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "tokens/aws.hpp"

namespace iam = cdk::iam;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "IamStack");
    iam::Role role(stack, "AppRole",
                   {.assumed_by = iam::CompositePrincipal(
                        {iam::ServicePrincipal("lambda.amazonaws.com"),
                         iam::with_conditions(iam::AccountPrincipal("111111111111"),
                                              {{"StringEquals", {{"sts:ExternalId", "build"}}}})}),
                    .managed_policies = {iam::ManagedPolicy::from_aws_managed_policy_name("ReadOnlyAccess")},
                    .inline_policies = {{"Logs", iam::PolicyDocument({.statements = {iam::PolicyStatement(
                                                                          {.actions = {"logs:CreateLogGroup",
                                                                                       "logs:PutLogEvents"},
                                                                           .resources = {"*"}})}})}},
                    .path = "/app/",
                    .permissions_boundary = iam::ManagedPolicy::from_managed_policy_arn(
                        stack, "Boundary", "arn:aws:iam::aws:policy/PowerUserAccess"),
                    .role_name = "app-role",
                    .max_session_duration = cdk::Duration::hours(2),
                    .description = "application role"});
    role.add_to_policy(iam::PolicyStatement({.sid = "ReadData",
                                             .actions = {"s3:GetObject"},
                                             .resources = {"arn:aws:s3:::data-bucket/*"},
                                             .conditions = {{"Bool", {{"aws:SecureTransport", "true"}}}}}));
    role.add_to_policy(iam::PolicyStatement({.effect = iam::Effect::Deny,
                                             .not_actions = {"iam:*", "sts:*"},
                                             .not_resources = {"arn:aws:s3:::data-bucket"}}));
    iam::Grant::add_to_principal(
        {.grantee = role,
         .actions = {"sqs:SendMessage"},
         .resource_arns = {"arn:" + cdk::Aws::PARTITION + ":sqs:" + cdk::Aws::REGION + ":" +
                           cdk::Aws::ACCOUNT_ID + ":jobs"}});
    iam::ManagedPolicy managed(
        stack, "Managed",
        {.description = "shared permissions",
         .path = "/shared/",
         .statements = {iam::PolicyStatement(
             {.actions = {"ssm:GetParameter"}, .resources = {"arn:aws:ssm:*:*:parameter/app/*"}})}});
    role.add_managed_policy(managed);
    iam::Policy extra(stack, "Extra",
                      {.statements = {iam::PolicyStatement({.actions = {"kms:Decrypt"}, .resources = {"*"}})},
                       .roles = {&role}});
    iam::Role deployer(
        stack, "Deployer",
        {.assumed_by = iam::CompositePrincipal(
             {iam::AccountRootPrincipal(), iam::ArnPrincipal("arn:aws:iam::222222222222:role/pipeline")})});
    iam::IRole& imported = iam::Role::from_role_arn(
        stack, "Imported", "arn:aws:iam::111111111111:role/existing", {.mutable_ = false});
    cdk::CfnOutput deployer_arn(stack, "DeployerArn", {.value = deployer.role_arn()});
    cdk::CfnOutput imported_name(stack, "ImportedName", {.value = imported.role_name()});
    app.synth();
    return 0;
}
