// Golden case l2_lambda (see ../README.md): the C++ twin of ts/app.ts. LambdaStack is the reference
// scenario's stack. Asset paths are relative to this case's directory.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/lambda/function.hpp"

namespace iam = cdk::iam;
namespace lambda = cdk::lambda;

int main() {
    cdk::App app;
    cdk::Stack scenario(app, "LambdaStack");
    lambda::Function handler(
        scenario, "Handler",
        {.runtime = lambda::Runtime::NODEJS_22_X,
         .handler = "index.handler",
         .code = lambda::Code::from_inline(
             "exports.handler = async () => ({ statusCode: 200, body: \"hello from cdkpp\" });")});

    cdk::Stack stack(app, "FunctionFeatures");
    lambda::Function worker(stack, "Worker",
                            {.runtime = lambda::Runtime::PYTHON_3_12,
                             .handler = "main.handler",
                             .code = lambda::Code::from_asset("data/worker"),
                             .environment = {{"STAGE", "dev"}, {"TABLE", "jobs"}},
                             .memory_size = 512,
                             .timeout = cdk::Duration::seconds(30),
                             .description = "processes jobs",
                             .function_name = "worker"});
    worker.add_to_role_policy(iam::PolicyStatement({.actions = {"sqs:ReceiveMessage"}, .resources = {"*"}}));
    worker.grant_invoke(iam::ServicePrincipal("events.amazonaws.com"));
    worker.add_function_url({.auth_type = lambda::FunctionUrlAuthType::AwsIam});
    iam::Role caller(stack, "Caller", {.assumed_by = iam::AccountRootPrincipal()});
    worker.grant_invoke(caller);
    iam::Role shared(stack, "SharedRole", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    lambda::Function with_role(stack, "WithRole",
                               {.runtime = lambda::Runtime::NODEJS_22_X,
                                .handler = "index.handler",
                                .code = lambda::Code::from_inline("exports.handler = async () => 1;"),
                                .role = &shared});
    worker.add_permission("FromAccount", {.principal = iam::AccountPrincipal("222222222222"),
                                          .action = "lambda:InvokeFunction"});
    lambda::IFunction& imported = lambda::Function::from_function_arn(
        stack, "Imported", "arn:aws:lambda:ap-southeast-2:111111111111:function:existing");
    cdk::CfnOutput imported_name(stack, "ImportedName", {.value = imported.function_name()});
    app.synth();
    return 0;
}
