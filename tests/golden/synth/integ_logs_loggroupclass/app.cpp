// Golden case integ_logs_loggroupclass (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.loggroupclass.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/logs/log_group.hpp"

namespace logs = cdk::logs;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "log-group-class");

    logs::LogGroup log_default(stack, "log-group-default");
    logs::LogGroup standard(stack, "log-group-standard", {.log_group_class = logs::LogGroupClass::Standard});
    logs::LogGroup infrequent(stack, "log-group-infrequent-access",
                              {.log_group_class = logs::LogGroupClass::InfrequentAccess});

    app.synth();
    return 0;
}
