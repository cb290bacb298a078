// pipelines::CodePipeline: what the golden case does not pin down (waves, change sets off, self-mutation off,
// the cdkpp install knob) and the errors.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "lib/s3_assets/asset.hpp"
#include "pipeline_fixture.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/manual_approval_step.hpp"
#include "pipelines/shell_step.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

namespace pipelines = cdk::pipelines;
using cdk::Json;

namespace {

using Fixture = cdk::pipelines::testing_support::PipelineFixture;
using cdk::pipelines::testing_support::throws_validation;

std::vector<std::pair<std::string, int>> actions_of(const Json& stage) {
    std::vector<std::pair<std::string, int>> out;
    for (const auto& a : stage["Actions"])
        out.emplace_back(a["Name"], a["RunOrder"]);
    return out;
}

} // namespace

TEST(CodePipeline, FailsToAddAStageOrWaveAfterBuildPipeline) {
    Fixture f;
    pipelines::CodePipeline pipeline(f.stack, "Pipeline", {.synth = f.synth(), .cross_account_keys = true});
    pipeline.add_stage(f.stage("Dev", "111111111111"));
    pipeline.build_pipeline();
    try {
        pipeline.add_stage(f.stage("Prod", "333333333333"));
        FAIL() << "a stage was added after build_pipeline()";
    } catch (const cdk::ValidationError& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "addStage: can't add Stages anymore after buildPipeline() has been called"),
                  std::string::npos);
    }
    EXPECT_TRUE(throws_validation([&] { pipeline.add_wave("Later"); },
                                  "addWave: can't add Waves anymore after buildPipeline() has been called"));
    EXPECT_TRUE(throws_validation([&] { pipeline.build_pipeline(); }, "build() has already been called"));
}

TEST(CodePipeline, FailsOnAnotherAccountWithoutCrossAccountKeys) {
    Fixture f;
    pipelines::CodePipeline pipeline(f.stack, "Pipeline", {.synth = f.synth()});
    pipeline.add_stage(f.stage("Dev", "111111111111"));
    EXPECT_TRUE(throws_validation([&] { pipeline.build_pipeline(); },
                                  "Artifact Bucket must have a KMS Key to add cross-account action"));
}

TEST(CodePipeline, AWaveOfTwoStagesPrefixesTheActionsAndOrdersDependentStacks) {
    Fixture f;
    pipelines::CodePipeline pipeline(f.stack, "Pipeline", {.synth = f.synth(), .cross_account_keys = true});
    pipelines::Wave& wave = pipeline.add_wave("Apps");
    wave.add_stage(f.stage("A", "111111111111", true));
    wave.add_stage(f.stage("B", "222222222222"),
                   {.pre = {std::make_shared<pipelines::ManualApprovalStep>("Approve")}});
    pipeline.build_pipeline();
    const Json stages = f.stages();
    ASSERT_EQ(stages.size(), 4U);
    EXPECT_EQ(stages[3]["Name"], "Apps");
    const std::vector<std::pair<std::string, int>> want = {
        {"A.Db.Prepare", 1},  {"B.Approve", 1},    {"A.Db.Deploy", 2}, {"B.App.Prepare", 2},
        {"A.App.Prepare", 3}, {"B.App.Deploy", 3}, {"A.App.Deploy", 4}};
    EXPECT_EQ(actions_of(stages[3]), want) << stages[3].dump(1);
}

TEST(CodePipeline, WithoutChangeSetsOneCreateUpdateAction) {
    Fixture f;
    pipelines::CodePipeline pipeline(
        f.stack, "Pipeline", {.synth = f.synth(), .cross_account_keys = true, .use_change_sets = false});
    pipeline.add_stage(f.stage("Dev", "111111111111"));
    pipeline.build_pipeline();
    const Json stages = f.stages();
    ASSERT_EQ(stages[3]["Actions"].size(), 1U);
    const Json& action = stages[3]["Actions"][0];
    // One action of a lone stack: named relative to the stack, as aws-cdk-lib names it.
    EXPECT_EQ(action["Name"], "Deploy");
    EXPECT_EQ(action["Configuration"]["ActionMode"], "CREATE_UPDATE");
    const std::string path = action["Configuration"]["TemplatePath"];
    EXPECT_EQ(path.rfind("Synth_Output::assembly-PipelineStack-Dev/PipelineStackDevApp", 0), 0U) << path;
    EXPECT_NE(action["Configuration"]["RoleArn"].dump().find("cfn-exec-role-111111111111"),
              std::string::npos);
    EXPECT_NE(action["RoleArn"].dump().find("deploy-role-111111111111"), std::string::npos);
}

TEST(CodePipeline, SelfMutationOffAndTheCdkppInstallKnob) {
    Fixture f;
    pipelines::CodePipeline off(f.stack, "Off", {.synth = f.synth(), .self_mutation = false});
    off.build_pipeline();
    EXPECT_THROW((void)off.self_mutation_project(), cdk::ValidationError);
    pipelines::CodePipeline on(
        f.stack, "On",
        {.synth = f.synth(), .cli_install_commands = {"curl -fsSL https://example.com/cdkpp | sh"}});
    on.build_pipeline();
    const Json t = cdk::render_stack_template(f.stack);
    int pipelines_seen = 0;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::CodePipeline::Pipeline") {
            ++pipelines_seen;
            const bool is_on = id.rfind("On", 0) == 0;
            EXPECT_EQ(r["Properties"]["Stages"].size(), is_on ? 3U : 2U) << id;
        }
        if (r["Type"] == "AWS::CodeBuild::Project" && r["Properties"].contains("Name")) {
            FAIL() << "no pipeline name was given, so no project name: " << id;
        }
    }
    EXPECT_EQ(pipelines_seen, 2);
    const std::string spec =
        f.stack
            .resolve(
                Json(on.self_mutation_project().resource().props().source.raw_json()
                         ? (*on.self_mutation_project().resource().props().source.raw_json())["BuildSpec"]
                         : Json()))
            .get<std::string>();
    EXPECT_NE(spec.find("curl -fsSL https://example.com/cdkpp | sh"), std::string::npos) << spec;
    EXPECT_NE(spec.find("cdkpp -a . deploy PipelineStack --require-approval never"), std::string::npos)
        << spec;
}

TEST(CodePipeline, FailsOnAStageWithoutStacksAndASynthWithoutSource) {
    Fixture f;
    pipelines::CodePipeline pipeline(f.stack, "Pipeline", {.synth = f.synth()});
    pipeline.add_stage(cdk::make<cdk::Stage>(f.stack, "Empty"));
    EXPECT_TRUE(throws_validation([&] { pipeline.build_pipeline(); }, "should contain at least one Stack"));
    auto no_input =
        std::make_shared<pipelines::ShellStep>("Synth", pipelines::ShellStepProps{.commands = {"x"}});
    pipelines::CodePipeline second(f.stack, "Second", {.synth = no_input});
    EXPECT_TRUE(throws_validation([&] { second.build_pipeline(); },
                                  "the synth step needs an input (a CodePipelineSource)"));
    EXPECT_TRUE(
        throws_validation([&] { (void)pipelines::CodePipelineSource::git_hub("no-slash", "main"); },
                          "GitHub repository name should be a resolved string like '<owner>/<repo>'"));
}

/// The statements of the first IAM policy whose logical id holds `path_fragment`.
static Json policy_statements_of(const Json& t, const std::string& path_fragment) {
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::IAM::Policy" && id.find(path_fragment) != std::string::npos) {
            return r["Properties"]["PolicyDocument"]["Statement"];
        }
    }
    return nullptr;
}

TEST(CodePipeline, SynthCacheAndPartialBuildSpec) {
    Fixture f;
    pipelines::CodePipeline p(
        f.stack, "P",
        {.synth = f.synth(),
         .synth_code_build_defaults = {
             .cache = cdk::codebuild::Cache::local({cdk::codebuild::LocalCacheMode::Custom}),
             .partial_build_spec = cdk::codebuild::BuildSpecObject{
                 {"cache", {{"paths", cdk::codebuild::BuildSpecObject::array({".ccache/**/*"})}}},
                 {"phases",
                  {{"build", {{"commands", cdk::codebuild::BuildSpecObject::array({"ccache -s"})}}}}}}}});
    p.build_pipeline();
    const Json t = cdk::render_stack_template(f.stack);
    int projects = 0;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::CodeBuild::Project") continue;
        ++projects;
        const bool synth = id.find("Synth") != std::string::npos;
        const Json cache = r["Properties"]["Cache"];
        if (!synth) { // the self-mutation project keeps the default
            EXPECT_EQ(cache, (Json{{"Type", "NO_CACHE"}})) << id;
            continue;
        }
        EXPECT_EQ(cache, (Json{{"Type", "LOCAL"}, {"Modes", {"LOCAL_CUSTOM_CACHE"}}})) << id;
        const Json spec =
            Json::parse(f.stack.resolve(r["Properties"]["Source"]["BuildSpec"]).get<std::string>());
        EXPECT_EQ(spec["cache"]["paths"], (Json{".ccache/**/*"})) << spec.dump();
        // Lists are appended: the step's commands first, then the partial buildspec's.
        EXPECT_EQ(spec["phases"]["build"]["commands"], (Json{"make synth", "ccache -s"})) << spec.dump();
    }
    EXPECT_EQ(projects, 2);
}

TEST(CodePipeline, FileAssetsArePublishedInAnAssetsStageWithCdkpp) {
    Fixture f;
    pipelines::CodePipeline pipeline(
        f.stack, "Pipeline",
        {.synth = f.synth(), .cross_account_keys = true, .cli_install_commands = {"install-cdkpp"}});
    const std::string hello = std::string(CDK_SOURCE_DIR) + "/tests/golden/synth/assets/data/hello.txt";
    for (const auto& [id, account] : {std::pair{"Dev", "111111111111"}, std::pair{"Test", "222222222222"}}) {
        cdk::Stage& stage = f.stage(id, account);
        auto& app_stack = dynamic_cast<cdk::Stack&>(stage.node().find_child("App"));
        cdk::make<cdk::s3_assets::Asset>(app_stack, "File", cdk::s3_assets::AssetProps{.path = hello});
        pipeline.add_stage(stage);
    }
    pipeline.build_pipeline();
    const Json stages = f.stages();
    ASSERT_EQ(stages.size(), 6U) << stages.dump(1); // Source, Build, UpdatePipeline, Assets, Dev, Test
    EXPECT_EQ(stages[3]["Name"], "Assets");
    // One asset (the same file in both stages): one action publishing it to both accounts.
    EXPECT_EQ(actions_of(stages[3]), (std::vector<std::pair<std::string, int>>{{"File", 1}}));
    const Json t = cdk::render_stack_template(f.stack);
    const Json& project =
        t["Resources"][stages[3]["Actions"][0]["Configuration"]["ProjectName"]["Ref"].get<std::string>()];
    const std::string spec = project["Properties"]["Source"]["BuildSpec"].get<std::string>();
    EXPECT_NE(spec.find("install-cdkpp"), std::string::npos) << spec;
    EXPECT_NE(spec.find(R"(cdkpp publish-assets --path \"assembly-PipelineStack-Dev/PipelineStackDevApp)"),
              std::string::npos)
        << spec;
    EXPECT_NE(spec.find(":111111111111-ap-southeast-2-"), std::string::npos) << spec;
    EXPECT_NE(spec.find(":222222222222-ap-southeast-2-"), std::string::npos) << spec;
    // The shared FileRole may assume both targets' publishing roles, in one statement.
    const Json statements = policy_statements_of(t, "PipelineAssetsFileRoleDefaultPolicy");
    ASSERT_TRUE(statements.is_array()) << t.dump(1);
    int assume = 0;
    for (const Json& s : statements) {
        if (s["Action"] != "sts:AssumeRole") continue;
        ++assume;
        EXPECT_EQ(s["Resource"].size(), 2U) << s.dump();
        EXPECT_NE(s.dump().find("file-publishing-role-222222222222"), std::string::npos) << s.dump();
    }
    EXPECT_EQ(assume, 1) << statements.dump(1);
}

TEST(CodePipeline, AssetsAfterTheBuildWithoutSelfMutationAndDistinctNamesForEqualDisplayNames) {
    Fixture f;
    pipelines::CodePipeline pipeline(f.stack, "Pipeline", {.synth = f.synth(), .self_mutation = false});
    const std::string dir = std::string(CDK_SOURCE_DIR) + "/tests/golden/synth/assets/data/";
    cdk::Stage& stage = f.stage("Dev", "999999999999", true);
    // Two different files, both displayed as `File`.
    cdk::make<cdk::s3_assets::Asset>(dynamic_cast<cdk::Stack&>(stage.node().find_child("App")), "File",
                                     cdk::s3_assets::AssetProps{.path = dir + "hello.txt"});
    cdk::make<cdk::s3_assets::Asset>(dynamic_cast<cdk::Stack&>(stage.node().find_child("Db")), "File",
                                     cdk::s3_assets::AssetProps{.path = dir + "site"});
    pipeline.add_stage(stage);
    pipeline.build_pipeline();
    const Json stages = f.stages();
    ASSERT_EQ(stages.size(), 4U) << stages.dump(1);
    EXPECT_EQ(stages[2]["Name"], "Assets");
    // Db deploys first, so its asset is FileAsset1.
    EXPECT_EQ(actions_of(stages[2]), (std::vector<std::pair<std::string, int>>{{"File", 1}, {"File2", 1}}));
}

namespace {

// Checked against aws-cdk-lib 2.276: a wave of one stage is that stage's graph (the pipeline stage is named
// after the app stage and holds the wave's steps), and action names are relative to the nodes' common
// ancestor (a lone stack's actions are plain `Prepare`/`Deploy`).
TEST(CodePipeline, AWaveOfOneStageIsNamedAfterTheStageAndNamesAreRelativeToTheCommonAncestor) {
    Fixture f;
    pipelines::CodePipeline pipeline(
        f.stack, "Pipeline",
        {.synth = f.synth(), .cross_account_keys = true, .self_mutation = false, .use_change_sets = false});
    pipelines::Wave& wave =
        pipeline.add_wave("Wave", {.pre = {std::make_shared<pipelines::ManualApprovalStep>("Gate")}});
    wave.add_stage(f.stage("Dev", "111111111111"));
    pipeline.add_stage(f.stage("Solo", "111111111111"));
    pipelines::CodePipeline with_change_sets(
        f.stack, "WithChangeSets", {.synth = f.synth(), .cross_account_keys = true, .self_mutation = false});
    with_change_sets.add_stage(f.stage("Lone", "111111111111"));
    pipeline.build_pipeline();
    with_change_sets.build_pipeline();
    const Json t = cdk::render_stack_template(f.stack);
    std::map<std::string, std::vector<std::pair<std::string, int>>> seen;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::CodePipeline::Pipeline") continue;
        for (const auto& stage : r["Properties"]["Stages"])
            seen[id.substr(0, 4) + "/" + stage["Name"].get<std::string>()] = actions_of(stage);
    }
    using Actions = std::vector<std::pair<std::string, int>>;
    EXPECT_EQ(seen["Pipe/Dev"], (Actions{{"Gate", 1}, {"App.Deploy", 2}}));
    EXPECT_EQ(seen["Pipe/Solo"], (Actions{{"Deploy", 1}}));
    EXPECT_EQ(seen["With/Lone"], (Actions{{"Prepare", 1}, {"Deploy", 2}}));
    EXPECT_EQ(seen.count("Pipe/Wave"), 0U);
}

} // namespace

namespace {

// Checked against aws-cdk-lib 2.276 (the same app in TypeScript): stack steps go in the stack's part of the
// graph
// (`<stack>.<step>`), a dependent stack waits for the post steps of the stack it depends on.
TEST(CodePipeline, StackStepsAroundPrepareAndDeployAsTheCdkOrdersThem) {
    Fixture f;
    pipelines::CodePipeline pipeline(
        f.stack, "Pipeline", {.synth = f.synth(), .cross_account_keys = true, .self_mutation = false});
    auto shell = [](const std::string& id) {
        return std::make_shared<pipelines::ShellStep>(id, pipelines::ShellStepProps{.commands = {"true"}});
    };
    auto approval = [](const std::string& id) { return std::make_shared<pipelines::ManualApprovalStep>(id); };
    cdk::Stage& dev = f.stage("Dev", "111111111111", true);
    auto* db = &dynamic_cast<cdk::Stack&>(dev.node().find_child("Db"));
    auto* app = &dynamic_cast<cdk::Stack&>(dev.node().find_child("App"));
    pipeline.add_stage(dev, {.pre = {approval("Gate")},
                             .stack_steps = {{.stack = db,
                                              .pre = {shell("Lint")},
                                              .change_set = {approval("Review")},
                                              .post = {shell("Verify")}},
                                             {.stack = app, .change_set = {approval("Look")}}}});
    cdk::Stage& solo = f.stage("Solo", "111111111111", true);
    pipeline.add_stage(solo,
                       {.stack_steps = {{.stack = &dynamic_cast<cdk::Stack&>(solo.node().find_child("App")),
                                         .post = {approval("After")}}}});
    pipeline.build_pipeline();
    const Json stages = f.stages();
    ASSERT_EQ(stages.size(), 4U) << stages.dump(1);
    using Actions = std::vector<std::pair<std::string, int>>;
    EXPECT_EQ(actions_of(stages[2]), (Actions{{"Gate", 1},
                                              {"Db.Lint", 2},
                                              {"Db.Prepare", 3},
                                              {"Db.Review", 4},
                                              {"Db.Deploy", 5},
                                              {"Db.Verify", 6},
                                              {"App.Prepare", 7},
                                              {"App.Look", 8},
                                              {"App.Deploy", 9}}));
    EXPECT_EQ(
        actions_of(stages[3]),
        (Actions{
            {"Db.Prepare", 1}, {"Db.Deploy", 2}, {"App.Prepare", 3}, {"App.Deploy", 4}, {"App.After", 5}}));
}

TEST(CodePipeline, StackStepsRefuseAStackOfAnotherStageAndChangeSetStepsWithoutChangeSets) {
    Fixture f;
    pipelines::CodePipeline pipeline(f.stack, "Pipeline", {.synth = f.synth(), .use_change_sets = false});
    cdk::Stage& dev = f.stage("Dev", "999999999999");
    cdk::Stage& other = f.stage("Other", "999999999999");
    auto* foreign = &dynamic_cast<cdk::Stack&>(other.node().find_child("App"));
    EXPECT_TRUE(throws_validation([&] { pipeline.add_stage(dev, {.stack_steps = {{.stack = foreign}}}); },
                                  "is not a stack of stage 'Dev'"));
    auto* own = &dynamic_cast<cdk::Stack&>(dev.node().find_child("App"));
    pipeline.add_stage(
        dev, {.stack_steps = {
                  {.stack = own, .change_set = {std::make_shared<pipelines::ManualApprovalStep>("X")}}}});
    EXPECT_TRUE(
        throws_validation([&] { pipeline.build_pipeline(); },
                          "Cannot use 'changeSet' steps for stack 'Dev-App': the pipeline does not support "
                          "them or they have been disabled"));
}

} // namespace

namespace {

/// The PipelineType a CDK pipeline renders in an app with `context`, its type set to `type` or left unset.
Json rendered_pipeline_type(const Json& context, std::optional<cdk::codepipeline::PipelineType> type = {}) {
    cdk::App app({.context = context});
    cdk::Stack stack(app, "PipelineStack", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}});
    pipelines::CodePipeline pipeline(
        stack, "Pipeline",
        {.synth = std::make_shared<pipelines::ShellStep>(
             "Synth",
             pipelines::ShellStepProps{.input = pipelines::CodePipelineSource::git_hub("o/r", "main"),
                                       .commands = {"make synth"}}),
         .pipeline_type = type});
    pipeline.build_pipeline();
    const Json resources = cdk::render_stack_template(stack)["Resources"];
    for (const auto& [id, r] : resources.items()) {
        if (r["Type"] == "AWS::CodePipeline::Pipeline") return r["Properties"].value("PipelineType", Json());
    }
    return {};
}

} // namespace

TEST(CodePipeline, DefaultPipelineTypeToV2FlagMakesAnUnsetTypeV2) {
    // aws-cdk-lib's pipelines.CodePipeline: `pipelineType ?? (isDefaultV2 ? V2 : V1)`, always rendered.
    const std::string flag = "@aws-cdk/aws-codepipeline:defaultPipelineTypeToV2";
    EXPECT_EQ(rendered_pipeline_type(Json::object()), "V1");
    EXPECT_EQ(rendered_pipeline_type({{flag, true}}), "V2");
    EXPECT_EQ(rendered_pipeline_type({{flag, true}}, cdk::codepipeline::PipelineType::V1), "V1");
    EXPECT_EQ(rendered_pipeline_type(Json::object(), cdk::codepipeline::PipelineType::V2), "V2");
}
