// Golden case integ_iam_policy (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's integ.policy.ts; the
// App gets the context of ts/cdk.json.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/policy.hpp"
#include "lib/iam/role.hpp"
#include "lib/iam/user.hpp"

namespace iam = cdk::iam;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "aws-cdk-iam-policy");

    iam::User user(stack, "MyUser");

    iam::Policy policy(stack, "HelloPolicy", {.policy_name = "Default"});
    policy.add_statements({iam::PolicyStatement({.actions = {"sqs:SendMessage"}, .resources = {"*"}})});
    policy.attach_to_user(user);

    iam::Policy policy2(stack, "GoodbyePolicy");
    policy2.add_statements(
        {iam::PolicyStatement({.actions = {"lambda:InvokeFunction"}, .resources = {"*"}})});
    policy2.attach_to_user(user);

    iam::Role role(stack, "Role", {.assumed_by = iam::AccountRootPrincipal()});
    role.grant_assume_role(policy);
    iam::Grant::add_to_principal(
        {.grantee = policy2, .actions = {"iam:*"}, .resource_arns = {role.role_arn()}});

    app.synth();
}
