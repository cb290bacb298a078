// CodeCommitSourceAction, S3SourceAction and CloudFormationDeleteStackAction: defaults, triggers and errors.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/codecommit/repository.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "lib/codepipeline_actions/cloudformation_actions.hpp"
#include "lib/codepipeline_actions/codecommit_source_action.hpp"
#include "lib/codepipeline_actions/manual_approval_action.hpp"
#include "lib/codepipeline_actions/s3_source_action.hpp"
#include "lib/s3/bucket.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace codepipeline = cdk::codepipeline;
namespace actions = cdk::codepipeline_actions;
using cdk::Json;

namespace {

int count(const Json& tmpl, const std::string& type) {
    int n = 0;
    for (const auto& [id, r] : tmpl["Resources"].items())
        n += r["Type"] == type ? 1 : 0;
    return n;
}

Json first_action(const Json& tmpl, const std::string& stage) {
    for (const auto& [id, r] : tmpl["Resources"].items()) {
        if (r["Type"] != "AWS::CodePipeline::Pipeline") continue;
        for (const auto& s : r["Properties"]["Stages"])
            if (s["Name"] == stage) return s["Actions"][0];
    }
    ADD_FAILURE() << "no stage " << stage;
    return {};
}

/// Statements of every IAM policy of the template.
Json statements(const Json& tmpl) {
    Json out = Json::array();
    for (const auto& [id, r] : tmpl["Resources"].items()) {
        if (r["Type"] != "AWS::IAM::Policy") continue;
        for (const auto& s : r["Properties"]["PolicyDocument"]["Statement"])
            out.push_back(s);
    }
    return out;
}

bool has_action(const Json& statements, const std::string& action) {
    for (const auto& s : statements) {
        const Json& a = s["Action"];
        if ((a.is_string() && a == action) ||
            (a.is_array() && std::find(a.begin(), a.end(), action) != a.end()))
            return true;
    }
    return false;
}

struct Fixture {
    cdk::App app;
    cdk::Stack stack{app, "S", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}}};
    codepipeline::Pipeline pipeline{stack, "P", {.cross_account_keys = false}};

    void add_approval() {
        pipeline.add_stage("Approve").add_action(std::make_shared<actions::ManualApprovalAction>(
            actions::ManualApprovalActionProps{.action_name = "Ok"}));
    }
};

} // namespace

TEST(CodeCommitSourceAction, DefaultsToAnEventsRuleOnTheRepositoryAndBranchMaster) {
    Fixture f;
    auto& repo = cdk::codecommit::Repository::from_repository_name(f.stack, "Repo", "app");
    f.pipeline.add_stage("Source").add_action(
        std::make_shared<actions::CodeCommitSourceAction>(actions::CodeCommitSourceActionProps{
            .action_name = "Code", .output = codepipeline::Artifact("Code"), .repository = &repo}));
    f.add_approval();
    // CDK generateEventId: the pipeline's unique id (no branch part for the default branch).
    cdk::Construct* rule = repo.repository_construct().node().try_find_child("SPF1D5D0F1EventRule");
    ASSERT_NE(rule, nullptr) << "the rule is under the repository, named after the pipeline's unique id";
    const Json t = cdk::render_stack_template(f.stack);
    EXPECT_EQ(count(t, "AWS::Events::Rule"), 1);
    const Json a = first_action(t, "Source");
    EXPECT_EQ(a["Configuration"]["BranchName"], "master");
    EXPECT_EQ(a["Configuration"]["RepositoryName"], "app");
    EXPECT_EQ(a["Configuration"]["PollForSourceChanges"], false);
    EXPECT_FALSE(a["Configuration"].contains("OutputArtifactFormat"));
    const Json st = statements(t);
    EXPECT_TRUE(has_action(st, "codecommit:UploadArchive"));
    EXPECT_FALSE(has_action(st, "codecommit:GetRepository"));
    EXPECT_TRUE(has_action(st, "codepipeline:StartPipelineExecution"));
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::Events::Rule") continue;
        const Json& p = r["Properties"]["EventPattern"];
        EXPECT_EQ(p["detail"]["referenceName"], Json::array({"master"}));
        EXPECT_EQ(p["detail-type"], Json::array({"CodeCommit Repository State Change"}));
        EXPECT_EQ(p["source"], Json::array({"aws.codecommit"}));
    }
}

TEST(CodeCommitSourceAction, BranchFromTheFeatureFlagAndInTheRuleId) {
    cdk::App app;
    app.node().set_context("@aws-cdk/aws-codepipeline-actions:useNewDefaultBranchForCodeCommitSource", true);
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}});
    codepipeline::Pipeline pipeline(stack, "P", {.cross_account_keys = false});
    auto& repo = cdk::codecommit::Repository::from_repository_name(stack, "Repo", "app");
    codepipeline::Stage& source = pipeline.add_stage("Source");
    source.add_action(std::make_shared<actions::CodeCommitSourceAction>(actions::CodeCommitSourceActionProps{
        .action_name = "Main", .output = codepipeline::Artifact("A"), .repository = &repo}));
    source.add_action(std::make_shared<actions::CodeCommitSourceAction>(actions::CodeCommitSourceActionProps{
        .action_name = "Dev", .output = codepipeline::Artifact("B"), .repository = &repo, .branch = "dev"}));
    EXPECT_EQ(first_action(cdk::render_stack_template(stack), "Source")["Configuration"]["BranchName"],
              "main");
    EXPECT_NE(repo.repository_construct().node().try_find_child("SPF1D5D0F1-dev-EventRule"), nullptr);
}

TEST(CodeCommitSourceAction, PollAndNoneCreateNoRuleAndCloneOutputNeedsGetRepository) {
    Fixture f;
    auto& repo = cdk::codecommit::Repository::from_repository_name(f.stack, "Repo", "app");
    codepipeline::Stage& source = f.pipeline.add_stage("Source");
    source.add_action(std::make_shared<actions::CodeCommitSourceAction>(
        actions::CodeCommitSourceActionProps{.action_name = "Poll",
                                             .output = codepipeline::Artifact("A"),
                                             .repository = &repo,
                                             .trigger = actions::CodeCommitTrigger::Poll,
                                             .code_build_clone_output = true}));
    source.add_action(std::make_shared<actions::CodeCommitSourceAction>(
        actions::CodeCommitSourceActionProps{.action_name = "None",
                                             .output = codepipeline::Artifact("B"),
                                             .repository = &repo,
                                             .trigger = actions::CodeCommitTrigger::None}));
    f.add_approval();
    const Json t = cdk::render_stack_template(f.stack);
    EXPECT_EQ(count(t, "AWS::Events::Rule"), 0);
    const Json a = first_action(t, "Source");
    EXPECT_EQ(a["Configuration"]["PollForSourceChanges"], true);
    EXPECT_EQ(a["Configuration"]["OutputArtifactFormat"], "CODEBUILD_CLONE_REF");
    EXPECT_TRUE(has_action(statements(t), "codecommit:GetRepository"));
}

TEST(CodeCommitSourceAction, VariablesNeedANamespace) {
    Fixture f;
    auto& repo = cdk::codecommit::Repository::from_repository_name(f.stack, "Repo", "app");
    actions::CodeCommitSourceAction with(
        {.action_name = "A", .repository = &repo, .variables_namespace = "Src"});
    EXPECT_EQ(with.variables().commit_id, "#{Src.CommitId}");
    EXPECT_EQ(with.variables().branch_name, "#{Src.BranchName}");
    actions::CodeCommitSourceAction without({.action_name = "B", .repository = &repo});
    EXPECT_THROW((void)without.variables(), cdk::ValidationError);
}

TEST(CodeCommitSourceAction, FailsWithoutRepositoryOrWithAnEmptyBranch) {
    Fixture f;
    auto& repo = cdk::codecommit::Repository::from_repository_name(f.stack, "Repo", "app");
    EXPECT_THROW(actions::CodeCommitSourceAction({.action_name = "A"}), cdk::ValidationError);
    EXPECT_THROW(actions::CodeCommitSourceAction({.action_name = "A", .repository = &repo, .branch = ""}),
                 cdk::ValidationError);
}

TEST(CodeCommitRepository, ValidatesNamesAndArns) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(cdk::codecommit::Repository(stack, "Bad", {.repository_name = "has space"}),
                 cdk::ValidationError);
    EXPECT_THROW(cdk::codecommit::Repository(stack, "Empty", {}), cdk::ValidationError);
    auto& imported = cdk::codecommit::Repository::from_repository_arn(
        stack, "Imported", "arn:aws:codecommit:ap-southeast-2:111111111111:shared");
    EXPECT_EQ(imported.repository_name(), "shared");
    EXPECT_EQ(imported.account(), "111111111111");
    EXPECT_THROW((void)cdk::codecommit::Repository::from_repository_arn(stack, "Bad2", "arn:aws:s3:::bucket"),
                 cdk::ValidationError);
}

TEST(S3SourceAction, PollForSourceChangesOnlyWhenATriggerIsGiven) {
    Fixture f;
    auto& bucket = cdk::s3::Bucket::from_bucket_name(f.stack, "Src", "src-bucket");
    codepipeline::Stage& source = f.pipeline.add_stage("Source");
    source.add_action(std::make_shared<actions::S3SourceAction>(
        actions::S3SourceActionProps{.action_name = "Default",
                                     .output = codepipeline::Artifact("A"),
                                     .bucket = &bucket,
                                     .bucket_key = "a.zip"}));
    source.add_action(std::make_shared<actions::S3SourceAction>(
        actions::S3SourceActionProps{.action_name = "Poll",
                                     .output = codepipeline::Artifact("B"),
                                     .bucket = &bucket,
                                     .bucket_key = "b.zip",
                                     .trigger = actions::S3Trigger::Poll}));
    f.add_approval();
    const Json t = cdk::render_stack_template(f.stack);
    EXPECT_EQ(count(t, "AWS::Events::Rule"), 0);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::CodePipeline::Pipeline") continue;
        const Json& acts = r["Properties"]["Stages"][0]["Actions"];
        EXPECT_FALSE(acts[0]["Configuration"].contains("PollForSourceChanges"));
        EXPECT_EQ(acts[0]["Configuration"]["S3ObjectKey"], "a.zip");
        EXPECT_EQ(acts[1]["Configuration"]["PollForSourceChanges"], true);
    }
}

TEST(S3SourceAction, EventsTriggerARuleOnTheBucketAndRefusesTheSameKeyTwice) {
    Fixture f;
    auto& bucket = cdk::s3::Bucket::from_bucket_name(f.stack, "Src", "src-bucket");
    codepipeline::Stage& source = f.pipeline.add_stage("Source");
    source.add_action(std::make_shared<actions::S3SourceAction>(
        actions::S3SourceActionProps{.action_name = "Events",
                                     .output = codepipeline::Artifact("A"),
                                     .bucket = &bucket,
                                     .bucket_key = "app/a.zip",
                                     .trigger = actions::S3Trigger::Events}));
    EXPECT_NE(bucket.bucket_construct().node().try_find_child("SPF1D5D0F1SourceEventRuleapp--a.zip"),
              nullptr);
    EXPECT_THROW(source.add_action(std::make_shared<actions::S3SourceAction>(
                     actions::S3SourceActionProps{.action_name = "Again",
                                                  .output = codepipeline::Artifact("B"),
                                                  .bucket = &bucket,
                                                  .bucket_key = "app/a.zip",
                                                  .trigger = actions::S3Trigger::Events})),
                 cdk::ValidationError);
    f.add_approval();
    const Json t = cdk::render_stack_template(f.stack);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::Events::Rule") continue;
        const Json& p = r["Properties"]["EventPattern"];
        EXPECT_EQ(p["source"], Json::array({"aws.s3"}));
        EXPECT_EQ(p["detail-type"], Json::array({"AWS API Call via CloudTrail"}));
        EXPECT_EQ(p["detail"]["requestParameters"]["key"], Json::array({"app/a.zip"}));
        EXPECT_EQ(p["detail"]["eventName"],
                  Json::array({"CompleteMultipartUpload", "CopyObject", "PutObject"}));
    }
}

TEST(S3SourceAction, FailsWithoutBucketOrKey) {
    Fixture f;
    auto& bucket = cdk::s3::Bucket::from_bucket_name(f.stack, "Src", "src-bucket");
    EXPECT_THROW(actions::S3SourceAction({.action_name = "A", .bucket_key = "k"}), cdk::ValidationError);
    EXPECT_THROW(actions::S3SourceAction({.action_name = "A", .bucket = &bucket}), cdk::ValidationError);
}

TEST(CloudFormationDeleteStackAction, DeleteOnlyWithADeploymentRoleAndNoTemplate) {
    Fixture f;
    auto& bucket = cdk::s3::Bucket::from_bucket_name(f.stack, "Src", "src-bucket");
    f.pipeline.add_stage("Source").add_action(std::make_shared<actions::S3SourceAction>(
        actions::S3SourceActionProps{.action_name = "S",
                                     .output = codepipeline::Artifact("A"),
                                     .bucket = &bucket,
                                     .bucket_key = "a.zip"}));
    f.pipeline.add_stage("Delete").add_action(std::make_shared<actions::CloudFormationDeleteStackAction>(
        actions::CloudFormationDeleteStackActionProps{.base = {.action_name = "Del", .stack_name = "old"}}));
    const Json t = cdk::render_stack_template(f.stack);
    const Json a = first_action(t, "Delete");
    EXPECT_EQ(a["Configuration"]["ActionMode"], "DELETE_ONLY");
    EXPECT_EQ(a["Configuration"]["StackName"], "old");
    EXPECT_FALSE(a["Configuration"].contains("TemplatePath"));
    EXPECT_FALSE(a["Configuration"].contains("Capabilities"));
    EXPECT_TRUE(a["Configuration"]["RoleArn"].is_object()) << "the created deployment role";
    const Json st = statements(t);
    EXPECT_TRUE(has_action(st, "cloudformation:DeleteStack"));
    EXPECT_TRUE(has_action(st, "cloudformation:DescribeStack*"));
    EXPECT_TRUE(has_action(st, "iam:PassRole"));
    EXPECT_THROW(actions::CloudFormationDeleteStackAction({.base = {.action_name = "X"}}),
                 cdk::ValidationError);
}
