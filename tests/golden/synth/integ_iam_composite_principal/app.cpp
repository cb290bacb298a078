// Golden case integ_iam_composite_principal (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.composite-principal.ts; the App gets the context of ts/cdk.json.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"

namespace iam = cdk::iam;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "iam-integ-composite-principal");

    iam::Role role(stack, "RoleWithCompositePrincipal",
                   {.assumed_by = iam::CompositePrincipal(
                        {iam::ServicePrincipal("ec2.amazonaws.com"), iam::AnyPrincipal()})});

    app.synth();
}
