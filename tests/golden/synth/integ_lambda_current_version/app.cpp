// Golden case integ_lambda_current_version (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.current-version.ts. Asset paths are relative to this case's directory.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/lambda/alias.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda/version.hpp"

namespace lambda = cdk::lambda;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "lambda-test-current-version");
    lambda::Function handler(stack, "MyLambda",
                             {.runtime = lambda::Runtime::PYTHON_3_8,
                              .handler = "index.main",
                              .code = lambda::Code::from_asset("data/layer-code"),
                              .current_version_options = {.removal_policy = cdk::RemovalPolicy::Retain,
                                                          .event_invoke_config = {.retry_attempts = 1}}});
    handler.current_version().add_alias("live", {});
    app.synth();
    return 0;
}
