#include "apps/cli/views/pipeline.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace cdk::cli {
namespace {

using toolkit::pipeline::ActionState;
using toolkit::pipeline::PipelineStatus;
using toolkit::pipeline::StageState;

PipelineStatus sample() {
    PipelineStatus s;
    s.name = "P";
    s.version = 2;
    s.execution =
        toolkit::pipeline::ExecutionSummary{"e1",
                                            "InProgress",
                                            "",
                                            "Webhook",
                                            "2026-12-07T02:00:00Z",
                                            "",
                                            75.0,
                                            {{"Repo", "0123456789abcdef", "fix the handler\nmore", ""}}};
    ActionState repo{"Repo", "Source", "GitHub",          1, "Succeeded", "fix the handler",
                     "",     "",       "0123456789abcdef"};
    repo.seconds = 0.4;
    ActionState synth{"Synth", "Build", "CodeBuild", 1, "Failed", "", "JobFailed", "exit 2"};
    synth.seconds = 62;
    ActionState approve{"Approve", "Approval", "Manual", 1, "InProgress"};
    approve.token = "t";
    approve.seconds = 5;
    ActionState prepare{"Api.Prepare", "Deploy", "CloudFormation", 2};
    s.stages = {StageState{"Source", "Succeeded", "e1", true, "", "", {repo}},
                StageState{"Build", "Failed", "e1", true, "", "", {synth}},
                StageState{"Dev", "InProgress", "e1", false, "freeze", "", {approve, prepare}}};
    return s;
}

TEST(PipelineViewTest, StatusForPeople) {
    std::ostringstream out;
    render_pipeline_status(out, sample(), false);
    const std::string expected =
        "Pipeline P (version 2)\n"
        "Execution e1  InProgress  (Webhook)  started 2026-12-07T02:00:00Z, 1m15s\n"
        "  source Repo: 0123456789ab \"fix the handler\"\n"
        "\n"
        "Source           Succeeded\n"
        "  ✔ Repo          Succeeded  0.4s    0123456789ab fix the handler\n"
        "\n"
        "Build            Failed\n"
        "  ✘ Synth         Failed     1m02s\n"
        "      error: JobFailed: exit 2\n"
        "  once fixed, run its failed actions again: cdkpp pipeline retry P Build\n"
        "\n"
        "Dev              InProgress  [transition disabled: freeze]\n"
        "  ⏸ Approve       waiting for approval for 5.0s: cdkpp pipeline approve P Dev\n"
        "  · Api.Prepare\n";
    EXPECT_EQ(out.str(), expected);
}

TEST(PipelineViewTest, StatusAsJson) {
    std::ostringstream out;
    render_pipeline_status(out, sample(), true);
    const Json j = Json::parse(out.str());
    EXPECT_EQ(j["pipelineName"], "P");
    EXPECT_EQ(j["stages"][2]["actions"][0]["waitingForApproval"], true);
    EXPECT_EQ(j["waitingForApproval"], Json::array({"Dev"}));
}

TEST(PipelineViewTest, WatchPrintsOnlyWhatChanged) {
    PipelineStatus before = sample();
    before.stages[2].actions[0].status = "";
    before.stages[2].actions[0].token = "";
    before.stages.pop_back();
    const auto first = status_changes(nullptr, before, "e1");
    EXPECT_EQ(first,
              (std::vector<std::string>{"Source: entered", "Source/Repo: Succeeded (0.4s)", "Build: entered",
                                        "Build/Synth: Failed (1m02s): JobFailed: exit 2"}));
    const auto next = status_changes(&before, sample(), "e1");
    EXPECT_EQ(next, (std::vector<std::string>{
                        "Dev: entered", "Dev/Approve: waiting for approval: cdkpp pipeline approve P Dev"}));
    EXPECT_TRUE(status_changes(&before, before, "e1").empty());
    EXPECT_TRUE(status_changes(nullptr, before, "another").empty());
}

TEST(PipelineViewTest, Durations) {
    EXPECT_EQ(format_duration(-1), "");
    EXPECT_EQ(format_duration(0.04), "0.0s");
    EXPECT_EQ(format_duration(59.9), "59.9s");
    EXPECT_EQ(format_duration(61), "1m01s");
    EXPECT_EQ(format_duration(3725), "1h02m");
}

TEST(PipelineViewTest, ListAndHistory) {
    toolkit::pipeline::PipelineSummary p{"MultiAccountPipeline", 1, sample().execution, {"Dev"}};
    toolkit::pipeline::PipelineSummary q{"Other", 1, std::nullopt, {}};
    std::ostringstream out;
    render_pipeline_list(out, {p, q}, false);
    EXPECT_EQ(out.str(), "MultiAccountPipeline  InProgress  e1  waiting for approval: Dev\n"
                         "Other                 never run\n");
    std::ostringstream history;
    render_pipeline_history(history, "P", {*sample().execution}, false);
    EXPECT_NE(history.str().find("e1"), std::string::npos);
    EXPECT_NE(history.str().find("Webhook"), std::string::npos);
    EXPECT_NE(history.str().find("0123456789ab \"fix the handler\""), std::string::npos);
}

TEST(PipelineViewTest, StackChangesSayWhyADiffIsMissing) {
    toolkit::ApprovalReview review;
    review.approval = {"P", "Test", "Approve", "t", "e1"};
    toolkit::pipeline::StackChange blind;
    blind.deployment = {"Api.Prepare", "Test-Api", "Synth_Output", "assembly-Test/Api.template.json", "", ""};
    blind.account = "222222222222";
    blind.region = "ap-southeast-2";
    blind.error = make_error("LookupRoleNotTrusted", "the diff of Test-Api cannot be computed: ...");
    review.changes = {blind};
    std::ostringstream out;
    render_stack_changes(out, review);
    EXPECT_NE(out.str().find("Test-Api (aws://222222222222/ap-southeast-2, action Api.Prepare, "
                             "Synth_Output::assembly-Test/Api.template.json)"),
              std::string::npos)
        << out.str();
    EXPECT_NE(out.str().find("the diff cannot be computed: the diff of Test-Api cannot be computed: ... "
                             "[LookupRoleNotTrusted]"),
              std::string::npos)
        << out.str();
    const Json j = review_to_json(review, "refused", "why");
    EXPECT_EQ(j["stacks"][0]["error"]["code"], "LookupRoleNotTrusted");
    EXPECT_EQ(j["outcome"], "refused");
}

} // namespace
} // namespace cdk::cli
