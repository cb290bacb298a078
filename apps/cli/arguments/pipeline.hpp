#pragma once

#include "apps/cli/arguments/aws_options.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace cdk::cli {

/// The operator's commands under `cdkpp pipeline`.
enum class PipelineCommand { None, List, Status, Watch, Approve, Reject, Start, Stop, Retry, History, Logs };
[[nodiscard]] const char* to_string(PipelineCommand command);

/// `cdkpp pipeline list | status [NAME] | watch [NAME] | approve NAME STAGE [--action A] [--summary T]
/// [--yes]
/// [--if-no-changes] [--unless-broadening] | reject NAME STAGE [--action A] [--summary T] | start NAME |
/// stop NAME [--abandon] [--reason T] | retry NAME STAGE [--all-actions] | history NAME [--max N] |
/// logs NAME ACTION [--follow]`.
struct PipelineArguments {
    PipelineCommand command = PipelineCommand::None;
    std::string name;
    std::string stage;
    std::string action; ///< approve/reject: --action; logs: the positional ACTION
    std::string summary;
    std::string reason;
    bool yes = false;
    bool if_no_changes = false;
    bool unless_broadening = false;
    bool abandon = false;
    bool all_actions = false;
    bool follow = false;
    int max = 20;
    double interval = 2.0; ///< seconds between polls (watch, logs --follow)
    AwsArguments aws;
};

CLI::App* add_pipeline_arguments(CLI::App& app, PipelineArguments& args);

} // namespace cdk::cli
