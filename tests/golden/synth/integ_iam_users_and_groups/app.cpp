// Golden case integ_iam_users_and_groups (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.users-and-groups.ts; the App gets the context of ts/cdk.json.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/policy.hpp"
#include "lib/iam/user.hpp"

#include <memory>
#include <vector>

namespace iam = cdk::iam;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "integ-iam-role-1");

    iam::Group g1(stack, "MyGroup");
    iam::Group g2(stack, "YourGroup");

    for (int i = 0; i < 5; ++i) {
        auto& user = cdk::make<iam::User>(stack, "User" + std::to_string(i + 1));
        user.add_to_group(g1);
        g2.add_user(user);
    }

    iam::Policy policy(stack, "MyPolicy");
    policy.attach_to_group(g1);
    policy.add_statements({iam::PolicyStatement({.actions = {"iam:*"}, .resources = {g2.group_arn()}})});

    app.synth();
}
