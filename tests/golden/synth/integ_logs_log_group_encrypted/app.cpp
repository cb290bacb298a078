// Golden case integ_logs_log_group_encrypted (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.log-group-encrypted.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/kms/key.hpp"
#include "lib/logs/log_group.hpp"

namespace logs = cdk::logs;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-log-group-encrypted-integ");

    cdk::kms::Key key(stack, "Key", {.removal_policy = cdk::RemovalPolicy::Destroy});
    logs::LogGroup log_group(stack, "LogGroup",
                             {.removal_policy = cdk::RemovalPolicy::Destroy, .encryption_key = &key});

    app.synth();
    return 0;
}
