// Golden case pipeline_codecommit (see ../README.md): a CodeCommit source with the default (events) trigger
// and one with polling, self-mutation off.
#include "constructs/app.hpp"

#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "lib/codecommit/repository.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/shell_step.hpp"

#include <memory>
#include <string>

namespace pipelines = cdk::pipelines;

namespace {

class AppStage : public cdk::Stage {
public:
    AppStage(cdk::Construct& scope, std::string_view id, const cdk::StageProps& props)
        : cdk::Stage(scope, id, props), app_(*this, "App") {
        cdk::make<cdk::CfnResource>(app_, "Topic", cdk::CfnResourceProps{.type = "AWS::SNS::Topic"});
    }

private:
    cdk::Stack app_;
};

std::shared_ptr<pipelines::ShellStep> synth(std::shared_ptr<pipelines::CodePipelineSource> input) {
    return std::make_shared<pipelines::ShellStep>(
        "Synth", pipelines::ShellStepProps{.input = std::move(input),
                                           .commands = {"scripts/build", "build/bin/cdkpp synth"}});
}

} // namespace

int main() {
    cdk::App app;
    const std::string region = "ap-southeast-2";
    const cdk::Environment env{"999999999999", region};

    cdk::Stack events_stack(app, "CodeCommitStack", {.env = env});
    auto& repo = cdk::codecommit::Repository::from_repository_name(events_stack, "Repo", "app-repo");
    pipelines::CodePipeline pipeline(
        events_stack, "Pipeline",
        {.synth = synth(pipelines::CodePipelineSource::code_commit(repo, "main")),
         .cross_account_keys = true,
         .self_mutation = false});
    AppStage dev(events_stack, "Dev", {.env = cdk::Environment{"111111111111", region}});
    pipeline.add_stage(dev);

    cdk::Stack poll_stack(app, "PollStack", {.env = env});
    auto& other = cdk::codecommit::Repository::from_repository_name(poll_stack, "Other", "other-repo");
    pipelines::CodePipeline poller(poll_stack, "Pipeline",
                                   {.synth = synth(pipelines::CodePipelineSource::code_commit(
                                        other, "release",
                                        {.trigger = cdk::codepipeline_actions::CodeCommitTrigger::Poll,
                                         .code_build_clone_output = true,
                                         .action_name = "Checkout"})),
                                    .pipeline_name = "Poller",
                                    .cross_account_keys = true,
                                    .self_mutation = false});
    AppStage test(poll_stack, "Test", {.env = cdk::Environment{"222222222222", region}});
    poller.add_stage(test);
    app.synth();
    return 0;
}
