// %name%: the reference scenario's app on cdkpp (DESIGN.md section 1): a LambdaStack with one Node.js
// function whose answer names its stage and account, in an AppStage for each target account (Dev, Test,
// Prod). The bootstrap qualifier comes from cdk.json (`@aws-cdk/core:bootstrapQualifier`), as with the AWS CDK.
//
//   cdkpp deploy 'Dev/*'        (after bootstrapping the accounts with --qualifier myapp)
#include "cfn/cfn_output.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "lib/lambda/function.hpp"
#include "tokens/aws.hpp"

#include <exception>
#include <iostream>

namespace {

constexpr const char* kHandler = R"(exports.handler = async () => ({
  stage: process.env.STAGE,
  account: process.env.ACCOUNT,
  message: `hello from ${process.env.STAGE} (account ${process.env.ACCOUNT})`,
});
)";

/// One Lambda function (inline code); the L2 Function adds its service role (AWSLambdaBasicExecutionRole).
class LambdaStack : public cdk::Stack {
public:
    LambdaStack(cdk::Construct& scope, std::string_view id, const std::string& stage)
        : cdk::Stack(scope, id, {.description = "the scenario's function for " + stage}),
          function_(*this, "Function",
                    {.runtime = cdk::lambda::Runtime::NODEJS_22_X,
                     .handler = "index.handler",
                     .code = cdk::lambda::Code::from_inline(kHandler),
                     .environment = {{"STAGE", stage}, {"ACCOUNT", cdk::Aws::ACCOUNT_ID}}}),
          name_(*this, "FunctionName", {.value = function_.function_name(), .description = "invoke this function"}) {}

private:
    cdk::lambda::Function function_;
    cdk::CfnOutput name_;
};

/// What each environment runs.
class AppStage : public cdk::Stage {
public:
    AppStage(cdk::Construct& scope, std::string_view id, const cdk::StageProps& props)
        : cdk::Stage(scope, id, props), lambda_(*this, "LambdaStack", std::string(id)) {}

private:
    LambdaStack lambda_;
};

} // namespace

int main() {
    try {
        cdk::App app;
        const std::string region = "ap-southeast-2";
        AppStage dev(app, "Dev", {.env = cdk::Environment{"111111111111", region}});
        AppStage test(app, "Test", {.env = cdk::Environment{"222222222222", region}});
        AppStage prod(app, "Prod", {.env = cdk::Environment{"333333333333", region}});
        app.synth();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "%name%: " << e.what() << "\n";
        return 1;
    }
}
