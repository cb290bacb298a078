// pipelines::CodePipeline: what the golden case does not pin down (waves, change sets off, self-mutation off,
// the cdkpp install knob) and the errors.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "lib/s3_assets/asset.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/manual_approval_step.hpp"
#include "pipelines/shell_step.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pipelines = cdk::pipelines;
using cdk::Json;

namespace {

/// Whether `f` throws a ValidationError whose message holds `phrase` (not just any ValidationError).
template <typename F> testing::AssertionResult throws_validation(F&& f, const std::string& phrase) {
    try {
        f();
    } catch (const cdk::ValidationError& e) {
        if (std::string(e.what()).find(phrase) != std::string::npos) return testing::AssertionSuccess();
        return testing::AssertionFailure() << "ValidationError without '" << phrase << "': " << e.what();
    }
    return testing::AssertionFailure() << "no ValidationError (expected '" << phrase << "')";
}

struct Fixture {
    cdk::App app;
    cdk::Stack stack{app, "PipelineStack", {.env = cdk::Environment{"999999999999", "ap-southeast-2"}}};

    std::shared_ptr<pipelines::ShellStep> synth() {
        return std::make_shared<pipelines::ShellStep>(
            "Synth", pipelines::ShellStepProps{.input = pipelines::CodePipelineSource::git_hub("o/r", "main"),
                                               .commands = {"make synth"}});
    }
    /// A stage with a stack `App` (and `Db` before it when `two`).
    cdk::Stage& stage(const std::string& id, const std::string& account, bool two = false) {
        auto& s = cdk::make<cdk::Stage>(stack, id,
                                        cdk::StageProps{.env = cdk::Environment{account, "ap-southeast-2"}});
        auto& app_stack = cdk::make<cdk::Stack>(s, "App");
        cdk::make<cdk::CfnResource>(app_stack, "Q", cdk::CfnResourceProps{.type = "AWS::SQS::Queue"});
        if (two) {
            auto& db = cdk::make<cdk::Stack>(s, "Db");
            cdk::make<cdk::CfnResource>(db, "T", cdk::CfnResourceProps{.type = "AWS::SNS::Topic"});
            app_stack.add_dependency(db);
        }
        return s;
    }
    Json stages() {
        const Json t = cdk::render_stack_template(stack);
        for (const auto& [id, r] : t["Resources"].items()) {
            if (r["Type"] == "AWS::CodePipeline::Pipeline") return r["Properties"]["Stages"];
        }
        return nullptr;
    }
};

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
    EXPECT_EQ(action["Name"], "App.Deploy");
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

TEST(CodePipeline, FailsOnAStageWithFileAssetsUntilAssetPublishingIsWritten) {
    Fixture f;
    pipelines::CodePipeline pipeline(f.stack, "Pipeline", {.synth = f.synth(), .cross_account_keys = true});
    cdk::Stage& stage = f.stage("Dev", "111111111111");
    auto& app_stack = dynamic_cast<cdk::Stack&>(stage.node().find_child("App"));
    cdk::make<cdk::s3_assets::Asset>(
        app_stack, "File",
        cdk::s3_assets::AssetProps{.path = std::string(CDK_SOURCE_DIR) +
                                           "/tests/golden/synth/assets/data/hello.txt"});
    pipeline.add_stage(stage);
    try {
        pipeline.build_pipeline();
        FAIL() << "a stage with a file asset was accepted";
    } catch (const cdk::ValidationError& e) {
        EXPECT_NE(std::string(e.what()).find("has file or image assets"), std::string::npos) << e.what();
    }
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
                 {"phases", {{"build", {{"commands", cdk::codebuild::BuildSpecObject::array({"ccache -s"})}}}}}}}});
    p.build_pipeline();
    const Json t = cdk::render_stack_template(f.stack);
    int projects = 0;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::CodeBuild::Project") continue;
        ++projects;
        const bool synth = id.find("Synth") != std::string::npos;
        const Json cache = r["Properties"]["Cache"];
        if (!synth) {  // the self-mutation project keeps the default
            EXPECT_EQ(cache, (Json{{"Type", "NO_CACHE"}})) << id;
            continue;
        }
        EXPECT_EQ(cache, (Json{{"Type", "LOCAL"}, {"Modes", {"LOCAL_CUSTOM_CACHE"}}})) << id;
        const Json spec = Json::parse(f.stack.resolve(r["Properties"]["Source"]["BuildSpec"]).get<std::string>());
        EXPECT_EQ(spec["cache"]["paths"], (Json{".ccache/**/*"})) << spec.dump();
        // Lists are appended: the step's commands first, then the partial buildspec's.
        EXPECT_EQ(spec["phases"]["build"]["commands"], (Json{"make synth", "ccache -s"})) << spec.dump();
    }
    EXPECT_EQ(projects, 2);
}
