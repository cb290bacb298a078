// Golden case integ_kms_key_alias (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.key-alias.ts; the App gets the context of ts/cdk.json.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/kms/key.hpp"

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "TestStack");

    cdk::kms::Key key(stack, "key", {.alias = "MyKey" + stack.account()});

    app.synth();
}
