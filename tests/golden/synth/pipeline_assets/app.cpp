// Golden case pipeline_assets (see ../README.md): pipelines whose stages' stacks have file assets, published
// in an `Assets` stage by one action per asset (ParallelStack) or by one action for all (SerialStack).
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "lib/lambda/function.hpp"
#include "lib/s3_assets/asset.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/shell_step.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

class AssetStack : public cdk::Stack {
public:
    AssetStack(cdk::Construct& scope, std::string_view id, bool with_config)
        : cdk::Stack(scope, id), function_(*this, "Function",
                                           {.runtime = cdk::lambda::Runtime::NODEJS_22_X,
                                            .handler = "index.handler",
                                            .code = cdk::lambda::Code::from_asset("data/handler")}) {
        if (with_config) {
            config_.emplace(*this, "Config", cdk::s3_assets::AssetProps{.path = "data/config.txt"});
            url_.emplace(*this, "ConfigUrl", cdk::CfnOutputProps{.value = config_->s3_object_url()});
        }
    }

private:
    cdk::lambda::Function function_;
    std::optional<cdk::s3_assets::Asset> config_;
    std::optional<cdk::CfnOutput> url_;
};

class AppStage : public cdk::Stage {
public:
    AppStage(cdk::Construct& scope, std::string_view id, const cdk::StageProps& props, bool with_config)
        : cdk::Stage(scope, id, props), stack_(*this, "AssetStack", with_config) {}

private:
    AssetStack stack_;
};

} // namespace

int main() {
    cdk::App app;
    const std::string region = "ap-southeast-2";
    namespace pipelines = cdk::pipelines;
    std::vector<std::unique_ptr<cdk::Stack>> stacks;
    std::vector<std::unique_ptr<pipelines::CodePipeline>> pipelines_;
    std::vector<std::unique_ptr<AppStage>> stages;
    for (const bool parallel : {true, false}) {
        stacks.push_back(
            std::make_unique<cdk::Stack>(app, parallel ? "ParallelStack" : "SerialStack",
                                         cdk::StackProps{.env = cdk::Environment{"999999999999", region}}));
        cdk::Stack& stack = *stacks.back();
        pipelines_.push_back(std::make_unique<pipelines::CodePipeline>(
            stack, "Pipeline",
            pipelines::CodePipelineProps{
                .synth = std::make_shared<pipelines::ShellStep>(
                    "Synth",
                    pipelines::ShellStepProps{
                        .input = pipelines::CodePipelineSource::git_hub("OWNER/REPO", "main"),
                        .commands = {"scripts/build", "build/bin/cdkpp synth"}}),
                .cross_account_keys = true,
                .self_mutation = parallel,
                .publish_assets_in_parallel = parallel}));
        stages.push_back(std::make_unique<AppStage>(
            stack, "Dev", cdk::StageProps{.env = cdk::Environment{"111111111111", region}}, true));
        pipelines_.back()->add_stage(*stages.back());
        stages.push_back(std::make_unique<AppStage>(
            stack, "Test", cdk::StageProps{.env = cdk::Environment{"222222222222", region}}, false));
        pipelines_.back()->add_stage(*stages.back());
    }
    app.synth();
    return 0;
}
