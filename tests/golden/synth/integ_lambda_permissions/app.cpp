// Golden case integ_lambda_permissions (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.permissions.ts plus a public function URL and permissions on versions.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda/version.hpp"

namespace iam = cdk::iam;
namespace lambda = cdk::lambda;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "lambda-permissions");
    lambda::Function fn(stack, "MyLambda",
                        {.runtime = lambda::Runtime::NODEJS_16_X,
                         .handler = "index.handler",
                         .code = lambda::Code::from_inline("foo")});
    fn.grant_invoke(iam::AnyPrincipal().in_organization("o-yyyyyyyyyy"));
    fn.grant_invoke(iam::OrganizationPrincipal("o-xxxxxxxxxx"));

    lambda::Function open(
        stack, "Open",
        {.runtime = lambda::Runtime::NODEJS_18_X,
         .handler = "index.handler",
         .code = lambda::Code::from_inline("exports.handler = async () => ({ statusCode: 200 });"),
         .environment = {{"STAGE", "dev"}, {"COLOR", "blue"}},
         .memory_size = 256});
    open.add_function_url({.auth_type = lambda::FunctionUrlAuthType::None});
    lambda::Version v1(stack, "V1",
                       {.lambda = &open, .description = "first", .provisioned_concurrent_executions = 1});
    iam::Role role(stack, "Caller", {.assumed_by = iam::ServicePrincipal("ec2.amazonaws.com")});
    v1.grant_invoke(role);
    v1.add_permission("FromS3", {.principal = iam::ServicePrincipal("s3.amazonaws.com"),
                                 .source_arn = "arn:aws:s3:::some-bucket",
                                 .source_account = "123456789012"});
    open.current_version().grant_invoke(iam::AccountPrincipal("123456789012"));
    app.synth();
    return 0;
}
