// codepipeline::Pipeline defaults, action roles and errors.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "lib/codepipeline_actions/github_source_action.hpp"
#include "lib/codepipeline_actions/manual_approval_action.hpp"
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

std::shared_ptr<actions::GitHubSourceAction> source(const codepipeline::Artifact& out) {
    return std::make_shared<actions::GitHubSourceAction>(
        actions::GitHubSourceActionProps{.action_name = "Src", .output = out, .owner = "o", .repo = "r"});
}

} // namespace

TEST(Pipeline, CrossAccountKeysByDefaultAndAliasNamedAfterTheUniqueId) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}});
    codepipeline::Pipeline pipeline(stack, "P");
    ASSERT_NE(pipeline.artifact_bucket().encryption_key(), nullptr);
    const Json t = cdk::render_stack_template(stack);
    EXPECT_EQ(count(t, "AWS::KMS::Key"), 1);
    EXPECT_EQ(count(t, "AWS::KMS::Alias"), 1);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::KMS::Alias") {
            EXPECT_EQ(r["Properties"]["AliasName"].get<std::string>().rfind("alias/codepipeline-sp", 0), 0U);
        }
    }
}

TEST(Pipeline, WithoutCrossAccountKeysTheBucketIsKmsManaged) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    codepipeline::Pipeline pipeline(stack, "P", {.cross_account_keys = false});
    EXPECT_EQ(pipeline.artifact_bucket().encryption_key(), nullptr);
    const Json t = cdk::render_stack_template(stack);
    EXPECT_EQ(count(t, "AWS::KMS::Key"), 0);
    EXPECT_THROW(
        codepipeline::Pipeline(stack, "Q", {.cross_account_keys = false, .enable_key_rotation = true}),
        cdk::ValidationError);
}

TEST(Pipeline, FailsOnACrossAccountActionWithoutKeyWithTheCdkMessage) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}});
    codepipeline::Pipeline pipeline(stack, "P", {.cross_account_keys = false});
    cdk::iam::IRole& other = cdk::iam::Role::from_role_arn(
        stack, "Other", "arn:aws:iam::111111111111:role/deployer", {.mutable_ = false});
    codepipeline::Stage& stage = pipeline.add_stage("Approve");
    try {
        stage.add_action(std::make_shared<actions::ManualApprovalAction>(
            actions::ManualApprovalActionProps{.action_name = "Ok", .role = &other}));
        FAIL() << "a cross-account action was accepted without a key";
    } catch (const cdk::ValidationError& e) {
        EXPECT_NE(
            std::string(e.what()).find("Artifact Bucket must have a KMS Key to add cross-account action 'Ok' "
                                       "(pipeline account: '999999999999', action account: '111111111111'). "
                                       "Create Pipeline with 'crossAccountKeys: true'"),
            std::string::npos)
            << e.what();
    }
}

TEST(Pipeline, AnAwsActionWithoutRoleGetsOneThePipelineRoleMayAssume) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}});
    codepipeline::Pipeline pipeline(stack, "P");
    codepipeline::Artifact out("Out");
    pipeline.add_stage("Source").add_action(source(out));
    pipeline.add_stage("Approve").add_action(std::make_shared<actions::ManualApprovalAction>(
        actions::ManualApprovalActionProps{.action_name = "Ok"}));
    EXPECT_NE(pipeline.node().try_find_child("Approve")->node().try_find_child("Ok")->node().try_find_child(
                  "CodePipelineActionRole"),
              nullptr);
    // The third-party source action gets no role.
    EXPECT_EQ(pipeline.stages()[0]->actions()[0].role, nullptr);
    const Json t = cdk::render_stack_template(stack);
    EXPECT_EQ(count(t, "AWS::CodePipeline::Webhook"), 1);
    EXPECT_EQ(count(t, "AWS::IAM::Role"), 2);
}

TEST(Pipeline, ValidatesStagesAndNames) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    codepipeline::Pipeline pipeline(stack, "P");
    EXPECT_FALSE(pipeline.node().validate().empty()) << "a pipeline without stages must not validate";
    codepipeline::Stage& s = pipeline.add_stage("Approve");
    EXPECT_THROW(pipeline.add_stage("Approve"), cdk::ValidationError);
    s.add_action(std::make_shared<actions::ManualApprovalAction>(
        actions::ManualApprovalActionProps{.action_name = "A"}));
    EXPECT_THROW(s.add_action(std::make_shared<actions::ManualApprovalAction>(
                     actions::ManualApprovalActionProps{.action_name = "A"})),
                 cdk::ValidationError);
    EXPECT_THROW(codepipeline::Artifact("bad name"), cdk::ValidationError);
}

namespace {

/// A pipeline with two stages in a stack of an app with `context`; returns the rendered template.
Json pipeline_template(const Json& context, codepipeline::PipelineProps props = {}) {
    cdk::App app({.context = context});
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}});
    codepipeline::Pipeline pipeline(stack, "P", props);
    const codepipeline::Artifact out("Out");
    pipeline.add_stage("Source").add_action(source(out));
    pipeline.add_stage("Approve").add_action(std::make_shared<actions::ManualApprovalAction>(
        actions::ManualApprovalActionProps{.action_name = "Ok"}));
    return cdk::render_stack_template(stack);
}

Json pipeline_properties(const Json& tmpl) {
    for (const auto& [id, r] : tmpl["Resources"].items()) {
        if (r["Type"] == "AWS::CodePipeline::Pipeline") return r["Properties"];
    }
    return {};
}

std::string alias_name(const Json& tmpl) {
    for (const auto& [id, r] : tmpl["Resources"].items()) {
        if (r["Type"] == "AWS::KMS::Alias") return r["Properties"]["AliasName"].get<std::string>();
    }
    return {};
}

} // namespace

TEST(PipelineFlags, CrossAccountKeysDefaultValueToFalse) {
    const std::string flag = "@aws-cdk/aws-codepipeline:crossAccountKeysDefaultValueToFalse";
    EXPECT_EQ(count(pipeline_template(Json::object()), "AWS::KMS::Key"), 1);
    EXPECT_EQ(count(pipeline_template({{flag, true}}), "AWS::KMS::Key"), 0);
    EXPECT_EQ(count(pipeline_template({{flag, true}}, {.cross_account_keys = true}), "AWS::KMS::Key"), 1);
}

TEST(PipelineFlags, DefaultPipelineTypeToV2) {
    const std::string flag = "@aws-cdk/aws-codepipeline:defaultPipelineTypeToV2";
    EXPECT_FALSE(pipeline_properties(pipeline_template(Json::object())).contains("PipelineType"));
    EXPECT_EQ(pipeline_properties(pipeline_template({{flag, true}}))["PipelineType"], "V2");
    EXPECT_EQ(pipeline_properties(pipeline_template(
                  {{flag, true}}, {.pipeline_type = codepipeline::PipelineType::V1}))["PipelineType"],
              "V1");
}

TEST(PipelineFlags, CrossAccountKeyAliasStackSafeResourceName) {
    // Off: `alias/codepipeline-` + Names.uniqueId(pipeline) lower-cased; on: Names.uniqueResourceName from
    // the stack's name, `-`-separated (aws-cdk-lib 2.276: alias/codepipeline-recommendedstack-keyed-f13ec721
    // for RecommendedStack/Keyed, golden l2_flags_recommended).
    const std::string flag = "@aws-cdk/aws-codepipeline:crossAccountKeyAliasStackSafeResourceName";
    EXPECT_EQ(alias_name(pipeline_template(Json::object())).rfind("alias/codepipeline-sp", 0), 0U);
    const std::string on = alias_name(pipeline_template({{flag, true}}));
    EXPECT_EQ(on.rfind("alias/codepipeline-s-p-", 0), 0U) << on;
    EXPECT_EQ(on.size(), std::string("alias/codepipeline-s-p-").size() + 8) << on;
}
