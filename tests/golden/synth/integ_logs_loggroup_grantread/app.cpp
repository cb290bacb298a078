// Golden case integ_logs_loggroup_grantread (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.loggroup-grantread.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/principals.hpp"
#include "lib/logs/log_group.hpp"

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-loggroup-grantreads-integ");

    cdk::logs::LogGroup log_group(stack, "LogGroup");
    const cdk::iam::ServicePrincipal es("es.amazonaws.com");
    log_group.grant_read(es);

    app.synth();
    return 0;
}
