// Golden case integ_kms_key (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's integ.key.ts; the App
// gets the context of ts/cdk.json and the app's own (@aws-cdk/core:disableGitSource).
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/kms/key.hpp"

namespace iam = cdk::iam;
namespace kms = cdk::kms;

int main() {
    cdk::App app(
        {.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}, {"@aws-cdk/core:disableGitSource", true}}});
    cdk::Stack stack(app, "aws-cdk-kms-1");

    kms::Key key(stack, "MyKey", {.removal_policy = cdk::RemovalPolicy::Destroy});
    key.add_to_resource_policy(iam::PolicyStatement({.actions = {"kms:encrypt"},
                                                     .principals = {iam::ArnPrincipal(stack.account())},
                                                     .resources = {"*"}}));
    key.add_alias("alias/bar");

    kms::Key asymmetric(stack, "AsymmetricKey",
                        {.removal_policy = cdk::RemovalPolicy::Destroy,
                         .key_spec = kms::KeySpec::EccNistP256,
                         .key_usage = kms::KeyUsage::SignVerify});

    app.synth();
}
