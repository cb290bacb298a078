#include "apps/cli/arguments/pipeline.hpp"

namespace cdk::cli {

const char* to_string(PipelineCommand command) {
    switch (command) {
    case PipelineCommand::None: return "";
    case PipelineCommand::List: return "list";
    case PipelineCommand::Status: return "status";
    case PipelineCommand::Watch: return "watch";
    case PipelineCommand::Approve: return "approve";
    case PipelineCommand::Reject: return "reject";
    case PipelineCommand::Start: return "start";
    case PipelineCommand::Stop: return "stop";
    case PipelineCommand::Retry: return "retry";
    case PipelineCommand::History: return "history";
    case PipelineCommand::Logs: return "logs";
    }
    return "";
}

namespace {

CLI::App* leaf(CLI::App& parent, PipelineArguments& args, PipelineCommand command, const std::string& help) {
    CLI::App* sub = parent.add_subcommand(to_string(command), help);
    sub->fallthrough();
    sub->parse_complete_callback([&args, command] { args.command = command; });
    add_aws_arguments(*sub, args.aws);
    return sub;
}

} // namespace

CLI::App* add_pipeline_arguments(CLI::App& app, PipelineArguments& args) {
    CLI::App* sub = app.add_subcommand(
        "pipeline", "see and operate CodePipeline pipelines: status, approve with the diff, "
                    "reject, start, stop, retry, history, logs");
    sub->require_subcommand(1);
    sub->fallthrough();

    leaf(*sub, args, PipelineCommand::List,
         "pipelines with their last execution and the stages waiting for approval");

    CLI::App* status =
        leaf(*sub, args, PipelineCommand::Status, "stages and actions of the current execution");
    status->add_option("name", args.name, "the pipeline (default: the account's only pipeline)");

    CLI::App* watch =
        leaf(*sub, args, PipelineCommand::Watch,
             "follow the latest execution until it ends or waits for approval (exit 1 on failure)");
    watch->add_option("name", args.name, "the pipeline (default: the account's only pipeline)");
    watch->add_option("--interval", args.interval, "seconds between polls")->check(CLI::Range(0.05, 600.0));

    CLI::App* approve =
        leaf(*sub, args, PipelineCommand::Approve,
             "show the diff of every stack the stage deploys, then approve its manual approval");
    approve->add_option("name", args.name, "the pipeline")->required();
    approve->add_option("stage", args.stage, "the stage whose approval waits")->required();
    approve->add_option("--action", args.action, "the approval action (when the stage has several)");
    approve->add_option("--summary", args.summary, "the approval's comment");
    approve->add_flag("-y,--yes", args.yes, "approve without asking");
    approve->add_flag("--if-no-changes", args.if_no_changes,
                      "approve only when no stack changes (no question asked)");
    approve->add_flag("--unless-broadening", args.unless_broadening,
                      "refuse when IAM permissions or security group rules broaden");

    CLI::App* reject =
        leaf(*sub, args, PipelineCommand::Reject, "reject the stage's manual approval (fails the execution)");
    reject->add_option("name", args.name, "the pipeline")->required();
    reject->add_option("stage", args.stage, "the stage whose approval waits")->required();
    reject->add_option("--action", args.action, "the approval action (when the stage has several)");
    reject->add_option("--summary", args.summary, "why");

    CLI::App* start =
        leaf(*sub, args, PipelineCommand::Start, "start an execution (from the sources' latest revisions)");
    start->add_option("name", args.name, "the pipeline")->required();

    CLI::App* stop = leaf(*sub, args, PipelineCommand::Stop, "stop the execution in progress");
    stop->add_option("name", args.name, "the pipeline")->required();
    stop->add_flag("--abandon", args.abandon, "do not wait for running actions to finish");
    stop->add_option("--reason", args.reason, "why (recorded with the execution)");

    CLI::App* retry = leaf(*sub, args, PipelineCommand::Retry, "retry the failed actions of a stage");
    retry->add_option("name", args.name, "the pipeline")->required();
    retry->add_option("stage", args.stage, "the failed stage")->required();
    retry->add_flag("--all-actions", args.all_actions,
                    "run every action of the stage again, not only the failed ones");

    CLI::App* history = leaf(*sub, args, PipelineCommand::History, "the pipeline's executions, newest first");
    history->add_option("name", args.name, "the pipeline")->required();
    history->add_option("--max", args.max, "at most this many executions")->check(CLI::Range(1, 1000));

    CLI::App* logs =
        leaf(*sub, args, PipelineCommand::Logs, "the build log of a CodeBuild action (CloudWatch Logs)");
    logs->add_option("name", args.name, "the pipeline")->required();
    logs->add_option("action", args.action, "the action (ACTION or STAGE/ACTION)")->required();
    logs->add_flag("-f,--follow", args.follow, "keep printing until the build ends");
    logs->add_option("--interval", args.interval, "seconds between polls with --follow")
        ->check(CLI::Range(0.05, 600.0));
    return sub;
}

} // namespace cdk::cli
