// Golden case pipeline_features (see ../README.md): a wave of two stages, stack dependencies, post steps
// (ShellStep, CodeBuildStep), self-mutation off; a second pipeline without change sets.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/manual_approval_step.hpp"
#include "pipelines/shell_step.hpp"
#include "pipelines/stack_output_reference.hpp"

#include <memory>
#include <string>

namespace pipelines = cdk::pipelines;

namespace {

class ServiceStage : public cdk::Stage {
public:
    ServiceStage(cdk::Construct& scope, std::string_view id, const cdk::StageProps& props)
        : cdk::Stage(scope, id, props), db_(*this, "Db"), app_(*this, "App") {
        cdk::make<cdk::CfnResource>(db_, "Topic", cdk::CfnResourceProps{.type = "AWS::SNS::Topic"});
        auto& queue =
            cdk::make<cdk::CfnResource>(app_, "Queue", cdk::CfnResourceProps{.type = "AWS::SQS::Queue"});
        queue_url_ = &cdk::make<cdk::CfnOutput>(app_, "QueueUrl", cdk::CfnOutputProps{.value = queue.ref()});
        app_.add_dependency(db_);
    }
    [[nodiscard]] const cdk::CfnOutput& queue_url() const { return *queue_url_; }

private:
    cdk::Stack db_;
    cdk::Stack app_;
    cdk::CfnOutput* queue_url_ = nullptr;
};

std::shared_ptr<pipelines::ShellStep> synth() {
    return std::make_shared<pipelines::ShellStep>(
        "Synth",
        pipelines::ShellStepProps{.input = pipelines::CodePipelineSource::git_hub("OWNER/REPO", "main"),
                                  .commands = {"scripts/build", "build/bin/cdkpp synth"},
                                  .install_commands = {"apt-get install -y ninja-build"},
                                  .env = {{"CI", "true"}}});
}

} // namespace

int main() {
    cdk::App app;
    const std::string region = "ap-southeast-2";
    const cdk::Environment env{"999999999999", region};

    cdk::Stack waves(app, "WaveStack", {.env = env});
    pipelines::CodePipeline pipeline(waves, "Pipeline",
                                     {.synth = synth(), .cross_account_keys = true, .self_mutation = false});
    pipelines::Wave& wave = pipeline.add_wave("Apps");
    ServiceStage alpha(waves, "Alpha", {.env = cdk::Environment{"111111111111", region}});
    ServiceStage beta(waves, "Beta", {.env = cdk::Environment{"222222222222", region}});
    wave.add_stage(alpha);
    wave.add_stage(beta, {.post = {std::make_shared<pipelines::ShellStep>(
                              "Smoke", pipelines::ShellStepProps{
                                           .commands = {"./smoke.sh"},
                                           .env_from_cfn_outputs = {
                                               {"QUEUE_URL", pipelines::StackOutputReference::from_cfn_output(
                                                                 beta.queue_url())}}})}});
    wave.add_post(std::make_shared<pipelines::CodeBuildStep>(
        "Check", pipelines::ShellStepProps{.commands = {"./check.sh"}},
        pipelines::CodeBuildStepOptions{
            .build_environment =
                cdk::codebuild::BuildEnvironment{.compute_type = cdk::codebuild::ComputeType::MEDIUM},
            .role_policy_statements = {
                cdk::iam::PolicyStatement({.actions = {"ssm:GetParameter"}, .resources = {"*"}})}}));

    cdk::Stack direct(app, "DirectStack", {.env = env});
    pipelines::CodePipeline second(direct, "Pipeline",
                                   {.synth = synth(),
                                    .pipeline_name = "Direct",
                                    .cross_account_keys = true,
                                    .self_mutation = false,
                                    .use_change_sets = false});
    ServiceStage gamma(direct, "Gamma", {.env = cdk::Environment{"333333333333", region}});
    second.add_stage(gamma, {.pre = {std::make_shared<pipelines::ManualApprovalStep>(
                                 "Approve", pipelines::ManualApprovalStepProps{.comment = "ship it?"})}});
    app.synth();
    return 0;
}
