// Golden case l2_pipeline_actions (see ../README.md): CodeCommit and S3 source actions and CloudFormation
// DeleteStack actions on a codepipeline::Pipeline.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/codecommit/repository.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "lib/codepipeline_actions/cloudformation_actions.hpp"
#include "lib/codepipeline_actions/codecommit_source_action.hpp"
#include "lib/codepipeline_actions/s3_source_action.hpp"
#include "lib/iam/role.hpp"
#include "lib/s3/bucket.hpp"

#include <memory>

namespace actions = cdk::codepipeline_actions;
namespace codepipeline = cdk::codepipeline;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "ActionsStack", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}});

    cdk::codecommit::Repository repo(stack, "Repo", {.repository_name = "app", .description = "the app"});
    auto& other = cdk::codecommit::Repository::from_repository_name(stack, "Other", "other-repo");
    auto& config = cdk::s3::Bucket::from_bucket_name(stack, "ConfigBucket", "config-bucket");
    const codepipeline::Artifact code("Code");
    const codepipeline::Artifact other_out("OtherCode");
    const codepipeline::Artifact config_out("Config");

    codepipeline::Pipeline pipeline(stack, "Pipeline", {.cross_account_keys = false});
    auto code_action = std::make_shared<actions::CodeCommitSourceAction>(
        actions::CodeCommitSourceActionProps{.action_name = "Code",
                                             .output = code,
                                             .repository = &repo,
                                             .branch = "develop",
                                             .variables_namespace = "CodeVars"});
    codepipeline::Stage& source = pipeline.add_stage("Source");
    source.add_action(code_action);
    source.add_action(std::make_shared<actions::CodeCommitSourceAction>(
        actions::CodeCommitSourceActionProps{.action_name = "Other",
                                             .output = other_out,
                                             .repository = &other,
                                             .trigger = actions::CodeCommitTrigger::Poll,
                                             .code_build_clone_output = true}));
    source.add_action(std::make_shared<actions::S3SourceAction>(
        actions::S3SourceActionProps{.action_name = "Config",
                                     .output = config_out,
                                     .bucket = &config,
                                     .bucket_key = "config/settings.zip",
                                     .trigger = actions::S3Trigger::None}));

    codepipeline::Stage& cleanup = pipeline.add_stage("Cleanup");
    cleanup.add_action(std::make_shared<actions::CloudFormationDeleteStackAction>(
        actions::CloudFormationDeleteStackActionProps{
            .base = {.action_name = "DeleteOld", .stack_name = "old-stack"}, .admin_permissions = true}));
    cleanup.add_action(std::make_shared<actions::CloudFormationDeleteStackAction>(
        actions::CloudFormationDeleteStackActionProps{
            .base = {.action_name = "DeleteBranch",
                     .stack_name = "preview-" + code_action->variables().branch_name,
                     .run_order = 2},
            .deployment_role = &cdk::iam::Role::from_role_arn(stack, "CfnExec",
                                                              "arn:aws:iam::999999999999:role/cfn-exec")}));
    app.synth();
    return 0;
}
