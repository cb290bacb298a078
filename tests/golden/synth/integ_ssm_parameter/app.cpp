// Golden case integ_ssm_parameter (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.parameter.ts; the App gets the context of ts/cdk.json and the app's own
// (@aws-cdk/core:disableGitSource).
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/ssm/string_list_parameter.hpp"
#include "lib/ssm/string_parameter.hpp"
#include "tokens/fn.hpp"

namespace iam = cdk::iam;
namespace ssm = cdk::ssm;

int main() {
    cdk::App app(
        {.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}, {"@aws-cdk/core:disableGitSource", true}}});
    cdk::Stack stack(app, "SSM-Parameter");

    iam::Role role(stack, "UserRole", {.assumed_by = iam::AccountRootPrincipal()});

    ssm::StringParameter param(stack, "StringParameter", {.string_value = "Initial parameter value"});
    param.grant_read(role);

    ssm::StringListParameter list(
        stack, "StringListParameter",
        {.string_list_value = {"Initial parameter value A", "Initial parameter value B"}});

    cdk::CfnOutput list_output(stack, "StringListOutput",
                               {.value = cdk::Fn::join("+", list.string_list_value())});
    cdk::CfnOutput arn_output(stack, "ParamArn", {.value = param.parameter_arn()});

    app.synth();
}
