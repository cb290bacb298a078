#include "apps/cli/arguments/pipeline.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace cdk::cli {
namespace {

/// Parses `cdkpp <words>` with only the pipeline verb registered (and a --json global, as main has).
struct Parsed {
    PipelineArguments args;
    bool json = false;
};

std::unique_ptr<Parsed> parse(std::vector<std::string> words) {
    auto p = std::make_unique<Parsed>();
    CLI::App app{"test", "cdkpp"};
    app.add_flag("-j,--json", p->json);
    app.fallthrough();
    add_pipeline_arguments(app, p->args);
    std::vector<std::string> reversed(words.rbegin(), words.rend());
    app.parse(reversed);
    return p;
}

TEST(PipelineArgumentsTest, ApproveWithEveryOption) {
    const auto p = parse({"pipeline", "approve", "MultiAccountPipeline", "Dev", "--action", "Approve",
                          "--summary", "looks good", "--yes", "--if-no-changes", "--unless-broadening",
                          "--profile", "build", "--region", "ap-southeast-2", "--json"});
    EXPECT_EQ(p->args.command, PipelineCommand::Approve);
    EXPECT_EQ(p->args.name, "MultiAccountPipeline");
    EXPECT_EQ(p->args.stage, "Dev");
    EXPECT_EQ(p->args.action, "Approve");
    EXPECT_EQ(p->args.summary, "looks good");
    EXPECT_TRUE(p->args.yes);
    EXPECT_TRUE(p->args.if_no_changes);
    EXPECT_TRUE(p->args.unless_broadening);
    EXPECT_EQ(p->args.aws.profile, "build");
    EXPECT_EQ(p->args.aws.region, "ap-southeast-2");
    EXPECT_TRUE(p->json);
}

TEST(PipelineArgumentsTest, EachCommandAndItsDefaults) {
    EXPECT_EQ(parse({"pipeline", "list"})->args.command, PipelineCommand::List);
    const auto status = parse({"pipeline", "status"});
    EXPECT_EQ(status->args.command, PipelineCommand::Status);
    EXPECT_TRUE(status->args.name.empty()); // the account's only pipeline
    const auto watch = parse({"pipeline", "watch", "P", "--interval", "0.5"});
    EXPECT_EQ(watch->args.command, PipelineCommand::Watch);
    EXPECT_DOUBLE_EQ(watch->args.interval, 0.5);
    const auto reject = parse({"pipeline", "reject", "P", "Prod", "--summary", "no"});
    EXPECT_EQ(reject->args.command, PipelineCommand::Reject);
    EXPECT_EQ(reject->args.stage, "Prod");
    EXPECT_EQ(parse({"pipeline", "start", "P"})->args.command, PipelineCommand::Start);
    const auto stop = parse({"pipeline", "stop", "P", "--abandon", "--reason", "bad commit"});
    EXPECT_TRUE(stop->args.abandon);
    EXPECT_EQ(stop->args.reason, "bad commit");
    const auto retry = parse({"pipeline", "retry", "P", "Test", "--all-actions"});
    EXPECT_EQ(retry->args.command, PipelineCommand::Retry);
    EXPECT_TRUE(retry->args.all_actions);
    const auto history = parse({"pipeline", "history", "P"});
    EXPECT_EQ(history->args.max, 20);
    const auto logs = parse({"pipeline", "logs", "P", "Build/Synth", "-f"});
    EXPECT_EQ(logs->args.command, PipelineCommand::Logs);
    EXPECT_EQ(logs->args.action, "Build/Synth");
    EXPECT_TRUE(logs->args.follow);
}

TEST(PipelineArgumentsTest, FailsOnMissingOperandsAndUnknownCommands) {
    EXPECT_THROW(parse({"pipeline"}), CLI::RequiredError);
    EXPECT_THROW(parse({"pipeline", "approve", "P"}), CLI::RequiredError);
    EXPECT_THROW(parse({"pipeline", "logs", "P"}), CLI::RequiredError);
    EXPECT_THROW(parse({"pipeline", "frobnicate"}), CLI::ParseError);
    EXPECT_THROW(parse({"pipeline", "history", "P", "--max", "0"}), CLI::ValidationError);
    EXPECT_THROW(parse({"pipeline", "start"}), CLI::RequiredError);
}

} // namespace
} // namespace cdk::cli
