// Benchmark app (twin of ../ts/pipeline.ts): the reference scenario's pipeline with CDK Pipelines — a
// build-account pipeline stack and one stage per target account, each behind a manual approval.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "lib/lambda/function.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/manual_approval_step.hpp"
#include "pipelines/shell_step.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pipelines = cdk::pipelines;

int main() {
    cdk::App app;
    const std::string region = "ap-southeast-2";
    auto& pipeline_stack = cdk::make<cdk::Stack>(
        app, "PipelineStack", cdk::StackProps{.env = cdk::Environment{"999999999999", region}});
    auto& pipeline = cdk::make<pipelines::CodePipeline>(
        pipeline_stack, "Pipeline",
        pipelines::CodePipelineProps{
            .synth = std::make_shared<pipelines::ShellStep>(
                "Synth",
                pipelines::ShellStepProps{
                    .input = pipelines::CodePipelineSource::connection(
                        "example/app", "main",
                        {.connection_arn = "arn:aws:codeconnections:ap-southeast-2:999999999999:connection/"
                                           "00000000-0000-0000-0000-000000000000"}),
                    .commands = {"scripts/build", "build/bin/cdkpp synth"}}),
            .cross_account_keys = true});
    for (const auto& [name, account] : std::vector<std::pair<std::string, std::string>>{
             {"Dev", "111111111111"}, {"Test", "222222222222"}, {"Prod", "333333333333"}}) {
        auto& stage =
            cdk::make<cdk::Stage>(app, name, cdk::StageProps{.env = cdk::Environment{account, region}});
        auto& stack = cdk::make<cdk::Stack>(stage, "LambdaStack");
        cdk::make<cdk::lambda::Function>(
            stack, "Function",
            cdk::lambda::FunctionProps{
                .runtime = cdk::lambda::Runtime::NODEJS_22_X,
                .handler = "index.handler",
                .code = cdk::lambda::Code::from_inline(
                    "exports.handler = async () => ({ statusCode: 200, body: \"hello\" });")});
        pipeline.add_stage(stage,
                           {.pre = {std::make_shared<pipelines::ManualApprovalStep>("Approve" + name)}});
    }
    app.synth();
    return 0;
}
