// Golden case pipeline_scenario (see ../README.md): the reference scenario's PipelineStack.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "lib/lambda/function.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/manual_approval_step.hpp"
#include "pipelines/shell_step.hpp"
#include "tokens/aws.hpp"

#include <memory>
#include <string>
#include <vector>

namespace {

constexpr const char* kHandler = R"(exports.handler = async () => ({
  stage: process.env.STAGE,
  account: process.env.ACCOUNT,
  message: `hello from ${process.env.STAGE} (account ${process.env.ACCOUNT})`,
});
)";

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

class AppStage : public cdk::Stage {
public:
    AppStage(cdk::Construct& scope, std::string_view id, const cdk::StageProps& props)
        : cdk::Stage(scope, id, props), lambda_(*this, "LambdaStack", std::string(id)) {}

private:
    LambdaStack lambda_;
};

} // namespace

int main() {
    cdk::App app;
    const std::string region = "ap-southeast-2";
    cdk::Stack stack(app, "PipelineStack", {.env = cdk::Environment{"999999999999", region}});
    namespace pipelines = cdk::pipelines;
    pipelines::CodePipeline pipeline(
        stack, "Pipeline",
        {.synth = std::make_shared<pipelines::ShellStep>(
             "Synth",
             pipelines::ShellStepProps{
                 .input = pipelines::CodePipelineSource::git_hub("OWNER/REPO", "main"),
                 .commands = {"scripts/build --target scenario_app cdkpp",
                              "cd examples/scenario && ../../build/bin/cdkpp synth -o ../../cdk.out"}}),
         .pipeline_name = "MultiAccountPipeline",
         .cross_account_keys = true});
    std::vector<std::unique_ptr<AppStage>> stages;
    for (const auto& [name, account] : std::vector<std::pair<std::string, std::string>>{
             {"Dev", "111111111111"}, {"Test", "222222222222"}, {"Prod", "333333333333"}}) {
        stages.push_back(std::make_unique<AppStage>(
            stack, name, cdk::StageProps{.env = cdk::Environment{account, region}}));
        pipeline.add_stage(*stages.back(),
                           {.pre = {std::make_shared<pipelines::ManualApprovalStep>("PromoteTo" + name)}});
    }
    app.synth();
    return 0;
}
