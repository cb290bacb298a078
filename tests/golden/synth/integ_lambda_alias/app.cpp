// Golden case integ_lambda_alias (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's integ.lambda.ts
// without the SnapStart functions, plus a weighted alias.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/lambda/alias.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda/version.hpp"

namespace iam = cdk::iam;
namespace lambda = cdk::lambda;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-lambda-1");
    lambda::Function fn(stack, "MyLambda",
                        {.runtime = lambda::Runtime::NODEJS_18_X,
                         .handler = "index.handler",
                         .code = lambda::Code::from_inline("foo")});
    fn.add_to_role_policy(iam::PolicyStatement({.actions = {"*"}, .resources = {"*"}}));
    fn.add_function_url();

    lambda::Version& version = fn.current_version();
    lambda::Alias alias(stack, "Alias", {.alias_name = "prod", .version = &version});
    alias.add_permission("AliasPermission",
                         {.principal = iam::ServicePrincipal("cloudformation.amazonaws.com")});
    alias.add_function_url({.auth_type = lambda::FunctionUrlAuthType::None});

    lambda::Version canary(stack, "Canary", {.lambda = &fn, .description = "canary"});
    lambda::Alias weighted(
        stack, "Weighted",
        {.alias_name = "weighted",
         .version = &version,
         .additional_versions = {{.version = &canary, .weight = 0.25}},
         .provisioned_concurrent_executions = 2,
         .event_invoke_config = {.max_event_age = cdk::Duration::hours(1), .retry_attempts = 0}});
    weighted.grant_invoke(iam::ServicePrincipal("events.amazonaws.com"));
    iam::Role invoker(stack, "Invoker", {.assumed_by = iam::AccountRootPrincipal()});
    weighted.grant_invoke(invoker);
    fn.add_alias("latest", {.description = "the current version"});
    app.synth();
    return 0;
}
