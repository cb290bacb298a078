// pipelines::ConfirmPermissionsBroadening and CodePipelineProps::cli_version: what the golden case
// (pipeline_broadening) does not pin down, the errors, and the auto-approve handler run by Node.js against a
// stand-in of the AWS SDK.
#include "constructs/app.hpp"
#include "constructs/aspects.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "core/fs.hpp"
#include "lib/sns/topic.hpp"
#include "pipeline_fixture.hpp"
#include "pipelines/code_pipeline.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/confirm_permissions_broadening.hpp"
#include "pipelines/detail/application_security_check.hpp"
#include "pipelines/detail/asset_publishing.hpp"
#include "pipelines/manual_approval_step.hpp"
#include "pipelines/shell_step.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace pipelines = cdk::pipelines;
using cdk::Json;

namespace {

using Fixture = cdk::pipelines::testing_support::PipelineFixture;
using cdk::pipelines::testing_support::throws_validation;

std::shared_ptr<pipelines::ConfirmPermissionsBroadening> check(const std::string& id, cdk::Stage& stage,
                                                               cdk::sns::ITopic* topic = nullptr) {
    return std::make_shared<pipelines::ConfirmPermissionsBroadening>(
        id, pipelines::PermissionsBroadeningCheckProps{.stage = &stage, .notification_topic = topic});
}

std::vector<std::pair<std::string, int>> actions_of(const Json& stage) {
    std::vector<std::pair<std::string, int>> out;
    for (const auto& a : stage["Actions"])
        out.emplace_back(a["Name"], a["RunOrder"]);
    return out;
}

/// The security check project's build commands.
Json check_commands(Fixture& f) {
    const Json resources = f.resources();
    for (const auto& [id, r] : resources.items()) {
        if (id.find("PipelinesSecurityCheckCDKSecurityCheck") != std::string::npos &&
            r["Type"] == "AWS::CodeBuild::Project") {
            const Json& spec = r["Properties"]["Source"]["BuildSpec"];
            std::string text;
            if (spec.is_string()) {
                text = spec;
            } else {
                for (const auto& part : spec["Fn::Join"][1])
                    text += part.is_string() ? part.get<std::string>() : std::string("<token>");
            }
            return Json::parse(text)["phases"]["build"]["commands"];
        }
    }
    return nullptr;
}

std::string env_value(const Json& action, const std::string& name) {
    const Json& config = action["Configuration"]["EnvironmentVariables"];
    if (!config.is_string()) return "<not a string>";
    for (const auto& v : Json::parse(config.get<std::string>())) {
        if (v["name"] == name) return v["value"];
    }
    return "<none>";
}

} // namespace

TEST(ConfirmPermissionsBroadening, TakesTwoRunOrdersAndTheNextTrancheFollows) {
    // The check (Check + Confirm) takes run orders 1 and 2 of its tranche; a plain approval beside it in the
    // same tranche (another stage of the wave) takes 1; the deployments start at 3 (CDK runOrdersConsumed).
    Fixture f;
    pipelines::CodePipeline pipeline(
        f.stack, "Pipeline", {.synth = f.synth(), .cross_account_keys = true, .self_mutation = false});
    auto& wave = pipeline.add_wave("Apps");
    cdk::Stage& a = f.stage("A", "111111111111");
    cdk::Stage& b = f.stage("B", "222222222222");
    wave.add_stage(a, {.pre = {check("Check", a)}});
    wave.add_stage(b, {.pre = {std::make_shared<pipelines::ManualApprovalStep>("Approve")}});
    pipeline.build_pipeline();
    const Json stages = f.stages();
    ASSERT_EQ(stages.size(), 3u);
    const auto actions = actions_of(stages[2]);
    const std::vector<std::pair<std::string, int>> want = {
        {"A.Check.Check", 1}, {"A.Check.Confirm", 2}, {"B.Approve", 1},   {"A.App.Prepare", 3},
        {"B.App.Prepare", 3}, {"A.App.Deploy", 4},    {"B.App.Deploy", 4}};
    EXPECT_EQ(actions, want) << stages[2].dump(1);
    // The approval action names the check's namespace, and ACTION_NAME names it.
    const Json& check_action = stages[2]["Actions"][0];
    EXPECT_EQ(env_value(check_action, "ACTION_NAME"), "A.Check.Confirm");
    EXPECT_EQ(env_value(check_action, "STAGE_NAME"), "Apps");
    EXPECT_EQ(env_value(check_action, "STAGE_PATH"), "PipelineStack/A");
    EXPECT_EQ(env_value(check_action, "NOTIFICATION_ARN"), "<none>");
    const std::string ns = check_action["Namespace"];
    EXPECT_EQ(ns.substr(0, 2), "c8");
    EXPECT_EQ(stages[2]["Actions"][1]["Configuration"]["CustomData"], "#{" + ns + ".MESSAGE}");
    EXPECT_EQ(stages[2]["Actions"][1]["Configuration"]["ExternalEntityLink"], "#{" + ns + ".LINK}");
}

TEST(ConfirmPermissionsBroadening, TheStageGivenNeedNotBeTheStageItIsAddedWith) {
    // aws-cdk-lib does not check it: the check diffs the stage given (STAGE_PATH, the subject) while the
    // approval is in the pipeline stage it is added to (STAGE_NAME). cdkpp does the same.
    Fixture f;
    cdk::sns::Topic topic(f.stack, "Topic");
    pipelines::CodePipeline pipeline(f.stack, "Pipeline", {.synth = f.synth(), .self_mutation = false});
    cdk::Stage& dev = f.stage("Dev", "999999999999");
    cdk::Stage& prod = f.stage("Prod", "999999999999");
    pipeline.add_stage(dev);
    pipeline.add_stage(prod, {.pre = {check("Look", dev, &topic)}});
    pipeline.build_pipeline();
    const Json stages = f.stages();
    ASSERT_EQ(stages.size(), 4u);
    EXPECT_EQ(stages[3]["Name"], "Prod");
    const Json& action = stages[3]["Actions"][0];
    EXPECT_EQ(action["Name"], "Look.Check");
    EXPECT_EQ(action["Namespace"], pipelines::detail::construct_address(dev));
    const Json vars = action["Configuration"]["EnvironmentVariables"];
    ASSERT_TRUE(vars.is_object()) << "the topic ARN is a token: " << vars.dump();
    const std::string joined = vars["Fn::Join"][1][0];
    EXPECT_NE(joined.find(R"("name":"STAGE_PATH","type":"PLAINTEXT","value":"PipelineStack/Dev")"),
              std::string::npos)
        << joined;
    EXPECT_NE(joined.find(R"("name":"STAGE_NAME","type":"PLAINTEXT","value":"Prod")"), std::string::npos);
    const std::string tail = vars["Fn::Join"][1][2];
    EXPECT_NE(tail.find("Confirm permission broadening in Dev"), std::string::npos) << tail;
}

TEST(ConfirmPermissionsBroadening, OneSecurityCheckPerPipelineTaggingThePipeline) {
    Fixture f;
    cdk::sns::Topic topic(f.stack, "Topic");
    pipelines::CodePipeline pipeline(f.stack, "Pipeline", {.synth = f.synth(), .self_mutation = false});
    cdk::Stage& dev = f.stage("Dev", "999999999999");
    cdk::Stage& prod = f.stage("Prod", "999999999999");
    pipeline.add_stage(dev, {.pre = {check("Check", dev, &topic)}});
    pipeline.add_stage(prod, {.pre = {check("Check", prod)}});
    pipeline.build_pipeline();
    cdk::Aspects::invoke_all(f.app); // the tag is an aspect, applied at synthesis
    EXPECT_EQ(f.of_type("AWS::CodeBuild::Project").size(), 2u) << "the synth and the one check";
    const Json functions = f.of_type("AWS::Lambda::Function");
    ASSERT_EQ(functions.size(), 1u);
    EXPECT_EQ(functions[0]["Properties"]["Runtime"], "nodejs24.x");
    EXPECT_EQ(functions[0]["Properties"]["Timeout"], 300);
    EXPECT_EQ(f.of_type("AWS::CodePipeline::Pipeline")[0]["Properties"]["Tags"],
              Json::parse(R"([{"Key": "SECURITY_CHECK", "Value": "ALLOW_APPROVE"}])"));
    // No tag on anything else (includeResourceTypes).
    EXPECT_FALSE(f.of_type("AWS::SNS::Topic")[0]["Properties"].contains("Tags"));
    const Json commands = check_commands(f);
    ASSERT_TRUE(commands.is_array());
    EXPECT_NE(commands.back().get<std::string>().find(
                  R"(if cdkpp -a . diff --security-only --fail $STAGE_PATH/\*; then aws lambda invoke)"),
              std::string::npos)
        << commands.back();
}

TEST(ConfirmPermissionsBroadening, RefusesAMissingStageAndAForeignConstruct) {
    EXPECT_TRUE(throws_validation([] { pipelines::ConfirmPermissionsBroadening("Check", {}); },
                                  "needs the stage whose permissions"));
    Fixture f;
    pipelines::CodePipeline pipeline(f.stack, "Pipeline", {.synth = f.synth(), .self_mutation = false});
    cdk::make<cdk::Construct>(pipeline, "PipelinesSecurityCheck");
    cdk::Stage& dev = f.stage("Dev", "999999999999");
    pipeline.add_stage(dev, {.pre = {check("Check", dev)}});
    EXPECT_TRUE(throws_validation([&] { pipeline.build_pipeline(); },
                                  "Expected 'PipelineStack/Pipeline/PipelinesSecurityCheck' to be "
                                  "'ApplicationSecurityCheck'"));
}

TEST(CliVersion, PutIntoEveryInstallCommandThatNamesIt) {
    Fixture f;
    pipelines::CodePipeline pipeline(
        f.stack, "Pipeline",
        {.synth = f.synth(),
         .cli_install_commands =
             {"curl -fsSL https://example.com/cdkpp-{cli_version}.tar.gz | tar xz -C /usr/local"},
         .cli_version = "1.4.0"});
    cdk::Stage& dev = f.stage("Dev", "999999999999");
    pipeline.add_stage(dev, {.pre = {check("Check", dev)}});
    pipeline.build_pipeline();
    const std::string installed = "curl -fsSL https://example.com/cdkpp-1.4.0.tar.gz | tar xz -C /usr/local";
    const Json commands = check_commands(f);
    ASSERT_TRUE(commands.is_array());
    EXPECT_EQ(commands[0], installed) << "the security check installs cdkpp first";
    const std::string self_mutation = pipeline.self_mutation_project().node().path();
    bool found = false;
    const Json resources = f.resources();
    for (const auto& [id, r] : resources.items()) {
        if (id.find("PipelineUpdatePipelineSelfMutation") != 0 || r["Type"] != "AWS::CodeBuild::Project")
            continue;
        const Json spec = Json::parse(r["Properties"]["Source"]["BuildSpec"].get<std::string>());
        EXPECT_EQ(spec["phases"]["install"]["commands"], Json::array({installed})) << spec.dump();
        found = true;
    }
    EXPECT_TRUE(found) << self_mutation;
}

TEST(CliVersion, Errors) {
    Fixture f;
    EXPECT_TRUE(throws_validation(
        [&] {
            pipelines::CodePipeline(
                f.stack, "A",
                {.synth = f.synth(), .cli_install_commands = {"install cdkpp"}, .cli_version = "1.0"});
        },
        "cli_version is set but no cli_install_commands install it"));
    EXPECT_TRUE(throws_validation(
        [&] {
            pipelines::CodePipeline(
                f.stack, "B", {.synth = f.synth(), .cli_install_commands = {"get cdkpp@{cli_version}"}});
        },
        "use '{cli_version}' but cli_version is not set"));
    EXPECT_TRUE(throws_validation(
        [&] {
            pipelines::CodePipeline(f.stack, "C",
                                    {.synth = f.synth(),
                                     .cli_install_commands = {"get cdkpp@{cli_version}"},
                                     .cli_version = "1.0; rm -rf /"});
        },
        "cli_version may hold letters, digits and '.+-_' only"));
}

TEST(AutoApproveHandler, ApprovesThePendingActionOfTheEvent) {
    // The handler runs under Node.js with a stand-in for @aws-sdk/client-codepipeline that records the calls:
    // the first GetPipelineState has no pending approval, the second has one; the approval names it.
    namespace stdfs = std::filesystem;
    const stdfs::path dir =
        stdfs::temp_directory_path() / ("cdkpp-approve-test-" + std::to_string(::getpid()));
    stdfs::remove_all(dir);
    stdfs::create_directories(dir / "node_modules/@aws-sdk/client-codepipeline");
    ASSERT_TRUE(cdk::fs::write_file_atomic(dir / "index.js", pipelines::detail::approve_lambda_source()));
    ASSERT_TRUE(cdk::fs::write_file_atomic(dir / "node_modules/@aws-sdk/client-codepipeline/index.js", R"JS(
let states = 0;
global.calls = [];
class GetPipelineStateCommand { constructor(input) { this.kind = 'get'; this.input = input; } }
class PutApprovalResultCommand { constructor(input) { this.kind = 'put'; this.input = input; } }
class CodePipelineClient {
  async send(command) {
    global.calls.push({ kind: command.kind, input: command.input });
    if (command.kind === 'put') return {};
    states += 1;
    const latest = states === 1 ? { status: 'Succeeded' } : { status: 'InProgress', token: 'tok-' + states };
    return { stageStates: [
      { stageName: 'Other', actionStates: [{ actionName: 'Check.Confirm', latestExecution: { token: 'wrong' } }] },
      { stageName: 'Dev', actionStates: [{ actionName: 'Check.Check' },
                                         { actionName: 'Check.Confirm', latestExecution: latest }] },
    ] };
  }
}
module.exports = { CodePipelineClient, GetPipelineStateCommand, PutApprovalResultCommand };
)JS"));
    ASSERT_TRUE(cdk::fs::write_file_atomic(dir / "run.js", R"JS(
const realSetTimeout = setTimeout;
global.setTimeout = (fn) => realSetTimeout(fn, 1);
require('./index.js').handler({ PipelineName: 'P', StageName: 'Dev', ActionName: 'Check.Confirm' })
  .then((r) => { console.log(JSON.stringify({ result: r, calls: global.calls })); })
  .catch((e) => { console.log(JSON.stringify({ error: String(e) })); process.exit(3); });
)JS"));
    const std::string command = "cd '" + dir.string() + "' && node run.js 2>&1";
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::array<char, 4096> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr)
        output += buffer.data();
    const int status = ::pclose(pipe);
    stdfs::remove_all(dir);
    ASSERT_EQ(status, 0) << output;
    const Json j = Json::parse(output, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << output;
    EXPECT_EQ(j["result"]["approved"], true) << output;
    ASSERT_EQ(j["calls"].size(), 3u) << output;
    EXPECT_EQ(j["calls"][0]["input"], Json::parse(R"({"name": "P"})"));
    EXPECT_EQ(j["calls"][2]["kind"], "put");
    EXPECT_EQ(j["calls"][2]["input"], Json::parse(R"({"pipelineName": "P", "stageName": "Dev",
        "actionName": "Check.Confirm", "token": "tok-2", "result": {"status": "Approved",
        "summary": "No security changes detected. Automatically approved by Lambda."}})"))
        << output;
}
