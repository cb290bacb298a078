// Golden case pipeline_stack_steps (see ../README.md): steps around single stacks of a stage.
#include "constructs/app.hpp"

#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/manual_approval_step.hpp"
#include "pipelines/shell_step.hpp"

#include <memory>
#include <string>

namespace {

class AppStage : public cdk::Stage {
public:
    AppStage(cdk::Construct& scope, std::string_view id, const cdk::StageProps& props)
        : cdk::Stage(scope, id, props), db(*this, "Db"), app(*this, "App"),
          topic_(db, "Topic", {.type = "AWS::SNS::Topic"}),
          queue_(app, "Queue", {.type = "AWS::SQS::Queue"}) {
        app.add_dependency(db);
    }

    cdk::Stack db;
    cdk::Stack app;

private:
    cdk::CfnResource topic_;
    cdk::CfnResource queue_;
};

} // namespace

int main() {
    namespace pipelines = cdk::pipelines;
    cdk::App app;
    const std::string region = "ap-southeast-2";
    cdk::Stack stack(app, "StepsStack", {.env = cdk::Environment{"999999999999", region}});
    pipelines::CodePipeline pipeline(
        stack, "Pipeline",
        {.synth = std::make_shared<pipelines::ShellStep>(
             "Synth",
             pipelines::ShellStepProps{.input = pipelines::CodePipelineSource::git_hub("OWNER/REPO", "main"),
                                       .commands = {"scripts/build", "build/bin/cdkpp synth"}}),
         .cross_account_keys = true,
         .self_mutation = false});
    auto shell = [](const std::string& id, const std::string& command) {
        return std::make_shared<pipelines::ShellStep>(id, pipelines::ShellStepProps{.commands = {command}});
    };
    auto approval = [](const std::string& id) { return std::make_shared<pipelines::ManualApprovalStep>(id); };
    AppStage dev(stack, "Dev", {.env = cdk::Environment{"111111111111", region}});
    pipeline.add_stage(dev, {.pre = {approval("Gate")},
                             .stack_steps = {{.stack = &dev.db,
                                              .pre = {shell("Lint", "./lint.sh")},
                                              .change_set = {approval("Review")},
                                              .post = {shell("Verify", "./verify.sh")}},
                                             {.stack = &dev.app, .change_set = {approval("Look")}}}});
    AppStage solo(stack, "Solo", {.env = cdk::Environment{"222222222222", region}});
    pipeline.add_stage(solo, {.stack_steps = {{.stack = &solo.app, .post = {approval("After")}}}});
    app.synth();
    return 0;
}
