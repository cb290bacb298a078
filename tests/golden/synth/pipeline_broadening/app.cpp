// Golden case pipeline_broadening (see ../README.md): stages whose `pre` step is
// ConfirmPermissionsBroadening, one with a notification topic.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "lib/iam/role.hpp"
#include "lib/sns/topic.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/confirm_permissions_broadening.hpp"
#include "pipelines/shell_step.hpp"

#include <memory>
#include <string>

namespace {

class AppStage : public cdk::Stage {
public:
    AppStage(cdk::Construct& scope, std::string_view id, const cdk::StageProps& props)
        : cdk::Stage(scope, id, props), stack_(*this, "App"),
          worker_(stack_, "Worker", {.assumed_by = cdk::iam::ServicePrincipal("lambda.amazonaws.com")}) {}

private:
    cdk::Stack stack_;
    cdk::iam::Role worker_;
};

} // namespace

int main() {
    namespace pipelines = cdk::pipelines;
    cdk::App app;
    const std::string region = "ap-southeast-2";
    cdk::Stack stack(app, "BroadeningStack", {.env = cdk::Environment{"999999999999", region}});
    pipelines::CodePipeline pipeline(
        stack, "Pipeline",
        {.synth = std::make_shared<pipelines::ShellStep>(
             "Synth",
             pipelines::ShellStepProps{.input = pipelines::CodePipelineSource::git_hub("OWNER/REPO", "main"),
                                       .commands = {"scripts/build", "build/bin/cdkpp synth"}}),
         .cross_account_keys = true,
         .self_mutation = false});
    cdk::sns::Topic topic(stack, "SecurityTopic");
    AppStage dev(stack, "Dev", {.env = cdk::Environment{"111111111111", region}});
    pipeline.add_stage(dev, {.pre = {std::make_shared<pipelines::ConfirmPermissionsBroadening>(
                                 "Check", pipelines::PermissionsBroadeningCheckProps{
                                              .stage = &dev, .notification_topic = &topic})}});
    AppStage prod(stack, "Prod", {.env = cdk::Environment{"333333333333", region}});
    pipeline.add_stage(prod, {.pre = {std::make_shared<pipelines::ConfirmPermissionsBroadening>(
                                  "Check", pipelines::PermissionsBroadeningCheckProps{.stage = &prod})}});
    app.synth();
    return 0;
}
