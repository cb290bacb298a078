// %name%: the reference scenario's app on cdkpp (DESIGN.md section 1): a LambdaStack with one Node.js
// function whose answer names its stage and account, in an AppStage per target account (Dev, Test, Prod), and
// a PipelineStack in the build account whose CDK Pipelines pipeline (`MultiAccountPipeline`) synthesizes this
// app from its GitHub repository (cdk.json context `repository` and `branch`), updates itself with cdkpp,
// and deploys the three stages after a manual approval each. The bootstrap qualifier comes from cdk.json
// (`@aws-cdk/core:bootstrapQualifier`), as with the AWS CDK.
//
//   cdkpp deploy 'Dev/*'          a stage directly (after bootstrapping the accounts with --qualifier myapp)
//   cdkpp deploy PipelineStack    the pipeline, once; it deploys the stages from then on
#include "cfn/cfn_output.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "lib/lambda/function.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/manual_approval_step.hpp"
#include "pipelines/shell_step.hpp"
#include "tokens/aws.hpp"

#include <iostream>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

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
          name_(*this, "FunctionName",
                {.value = function_.function_name(), .description = "invoke this function"}) {}

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

/// A string from the context (cdk.json or `-c key=value`); refuses a missing one with the fix.
std::string context_string(cdk::Construct& scope, const std::string& key) {
    const cdk::Json value = scope.node().try_get_context(key);
    if (!value.is_string()) {
        throw std::runtime_error("context '" + key + "' must be a string: set it in cdk.json or pass -c " +
                                 key + "=VALUE");
    }
    return value.get<std::string>();
}

/// The build account's pipeline: the stages it deploys live in its scope (assemblies
/// `assembly-PipelineStack-<Stage>`), their stacks are named as the directly deployed ones
/// (`Dev-LambdaStack`).
class PipelineStack : public cdk::Stack {
public:
    PipelineStack(cdk::Construct& scope, std::string_view id, const cdk::StackProps& props,
                  const std::vector<std::pair<std::string, std::string>>& targets)
        : cdk::Stack(scope, id, props),
          pipeline_(
              *this, "Pipeline",
              {.synth = std::make_shared<cdk::pipelines::ShellStep>(
                   "Synth",
                   cdk::pipelines::ShellStepProps{
                       .input = cdk::pipelines::CodePipelineSource::git_hub(
                           context_string(scope, "repository"), context_string(scope, "branch")),
                       // The build image needs cdkpp installed (docs/packaging.md); the app builds itself,
                       // through ccache when the image has it (its directory is the project's cache).
                       .commands = {"if command -v ccache >/dev/null; then export CMAKE_CXX_COMPILER_LAUNCHER=ccache "
                                    "CCACHE_DIR=\"$CODEBUILD_SRC_DIR/.ccache\" CCACHE_BASEDIR=\"$CODEBUILD_SRC_DIR\" "
                                    "CCACHE_NOHASHDIR=1; fi",
                                    "cdkpp synth"}}),
               .pipeline_name = "MultiAccountPipeline",
               .cross_account_keys = true,
               // The compiler cache kept between synth builds (a LOCAL cache: on the build host).
               .synth_code_build_defaults = {
                   .cache = cdk::codebuild::Cache::local({cdk::codebuild::LocalCacheMode::Custom}),
                   .partial_build_spec = cdk::codebuild::BuildSpecObject{
                       {"cache", {{"paths", cdk::codebuild::BuildSpecObject::array({".ccache/**/*"})}}}}}}) {
        for (const auto& [name, account] : targets) {
            stages_.push_back(std::make_unique<AppStage>(
                *this, name, cdk::StageProps{.env = cdk::Environment{account, region()}}));
            pipeline_.add_stage(
                *stages_.back(),
                {.pre = {std::make_shared<cdk::pipelines::ManualApprovalStep>("PromoteTo" + name)}});
        }
    }

private:
    cdk::pipelines::CodePipeline pipeline_;
    std::vector<std::unique_ptr<AppStage>> stages_;
};

} // namespace

int main() {
    try {
        cdk::App app;
        const std::string region = "ap-southeast-2";
        AppStage dev(app, "Dev", {.env = cdk::Environment{"111111111111", region}});
        AppStage test(app, "Test", {.env = cdk::Environment{"222222222222", region}});
        AppStage prod(app, "Prod", {.env = cdk::Environment{"333333333333", region}});
        PipelineStack pipeline(app, "PipelineStack", {.env = cdk::Environment{"999999999999", region}},
                               {{"Dev", "111111111111"}, {"Test", "222222222222"}, {"Prod", "333333333333"}});
        app.synth();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "%name%: " << e.what() << "\n";
        return 1;
    }
}
