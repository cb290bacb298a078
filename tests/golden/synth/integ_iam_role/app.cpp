// Golden case integ_iam_role (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's integ.role.ts; the App
// gets the context of ts/cdk.json.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/policy.hpp"
#include "lib/iam/role.hpp"

namespace iam = cdk::iam;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "integ-iam-role-1");

    iam::Role role(stack, "TestRole", {.assumed_by = iam::ServicePrincipal("sqs.amazonaws.com")});
    role.add_to_policy(iam::PolicyStatement({.actions = {"sqs:SendMessage"}, .resources = {"*"}}));

    iam::Policy policy(stack, "HelloPolicy", {.policy_name = "Default"});
    policy.add_statements({iam::PolicyStatement({.actions = {"ec2:*"}, .resources = {"*"}})});
    policy.attach_to_role(role);

    // Role with an external ID
    iam::Role role2(stack, "TestRole2",
                    {.assumed_by = iam::AccountRootPrincipal(), .external_ids = {"supply-me"}});

    // Role with an org
    iam::Role role3(stack, "TestRole3", {.assumed_by = iam::OrganizationPrincipal("o-12345abcde")});

    app.synth();
}
