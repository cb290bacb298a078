// Golden case pipeline_s3 (see ../README.md): S3 sources, one on an imported bucket with the service's
// polling (no trigger), one on a bucket of the stack with the events trigger; self-mutation off.
#include "constructs/app.hpp"

#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "lib/s3/bucket.hpp"
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
    const cdk::Environment dev_env{"111111111111", region};

    cdk::Stack poll_stack(app, "S3PollStack", {.env = env});
    auto& imported = cdk::s3::Bucket::from_bucket_name(poll_stack, "SourceBucket", "app-source-bucket");
    pipelines::CodePipeline poller(
        poll_stack, "Pipeline",
        {.synth = synth(pipelines::CodePipelineSource::s3(imported, "app/source.zip")),
         .cross_account_keys = true,
         .self_mutation = false});
    AppStage poll_dev(poll_stack, "Dev", {.env = dev_env});
    poller.add_stage(poll_dev);

    cdk::Stack events_stack(app, "S3EventsStack", {.env = env});
    cdk::s3::Bucket bucket(events_stack, "Source", {.versioned = true});
    pipelines::CodePipeline pipeline(
        events_stack, "Pipeline",
        {.synth = synth(pipelines::CodePipelineSource::s3(
             bucket, "source.zip",
             {.trigger = cdk::codepipeline_actions::S3Trigger::Events, .action_name = "Upload"})),
         .cross_account_keys = true,
         .self_mutation = false});
    AppStage events_dev(events_stack, "Dev", {.env = dev_env});
    pipeline.add_stage(events_dev);
    app.synth();
    return 0;
}
