#include "apps/cli/arguments/pipeline.hpp"

#include "apps/cli/command.hpp"
#include "apps/cli/commands/app_request.hpp"
#include "apps/cli/views/diagnostics.hpp"
#include "apps/cli/views/pipeline.hpp"
#include "toolkit/actions/pipeline.hpp"
#include "toolkit/settings.hpp"

#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <thread>
#include <unistd.h>

namespace cdk::cli {
namespace {

ExitCode fail(const Error& e) {
    print_error(std::cerr, e);
    return ExitCode::Failure;
}

std::string clock_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return buf;
}

void sleep_for(double seconds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long long>(seconds * 1000)));
}

ExitCode run_watch(toolkit::SessionPool& sessions, const std::string& name, const PipelineArguments& args,
                   bool json) {
    auto latest = toolkit::pipeline_history(sessions, name, 1);
    if (!latest) return fail(latest.error());
    if (latest->empty()) {
        return fail(
            make_error("NeverRun", name + " has not run yet: start it with cdkpp pipeline start " + name));
    }
    const std::string id = latest->front().id;
    std::ostream& out = json ? std::cerr : std::cout;
    out << "Watching execution " << id << " of " << name << "\n" << std::flush;
    std::optional<toolkit::pipeline::PipelineStatus> previous;
    while (true) {
        auto status = toolkit::pipeline_status(sessions, name);
        if (!status) return fail(status.error());
        for (const auto& line : status_changes(previous ? &*previous : nullptr, *status, id)) {
            out << clock_now() << "  " << line << "\n";
        }
        out << std::flush;
        toolkit::pipeline::ExecutionSummary execution;
        if (status->execution && status->execution->id == id) {
            execution = *status->execution;
        } else {
            auto e = toolkit::pipeline_execution(sessions, name, id);
            if (!e) return fail(e.error());
            execution = *e;
        }
        // Waiting for a person: an approval of this execution, or the stage this execution waits to enter is
        // held by another execution's approval.
        std::string waiting;
        std::string behind;
        for (const auto& s : status->stages) {
            for (const auto& a : s.actions) {
                if (!a.waiting_for_approval()) continue;
                if (s.execution_id == id) waiting = s.name;
                if (s.inbound_execution_id == id) {
                    waiting = s.name;
                    behind = s.execution_id;
                }
            }
        }
        const bool ended = execution.status != "InProgress" && execution.status != "Stopping";
        if (ended || !waiting.empty()) {
            if (json) {
                std::cout << toolkit::pipeline::status_to_json(*status).dump(2) << "\n";
            }
            if (!ended) {
                out << "Execution " << id
                    << (behind.empty()
                            ? ""
                            : " waits to enter " + waiting + " behind execution " + behind + ", which")
                    << " waits for approval at " << waiting << ": cdkpp pipeline approve " << name << " "
                    << waiting << "\n";
                return ExitCode::Success;
            }
            out << "Execution " << id << " " << execution.status;
            if (const auto d = format_duration(execution.seconds); !d.empty()) out << " after " << d;
            if (!execution.summary.empty()) out << ": " << execution.summary;
            out << "\n";
            return execution.status == "Succeeded" ? ExitCode::Success : ExitCode::Failure;
        }
        previous = std::move(*status);
        sleep_for(args.interval);
    }
}

bool confirm(const std::string& question) {
    std::cout << question << " (y/n)? " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    return answer == "y" || answer == "Y" || answer == "yes";
}

ExitCode run_approve(toolkit::SessionPool& sessions, const std::string& name, const PipelineArguments& args,
                     bool json) {
    auto review = toolkit::review_approval(sessions, name, args.stage, args.action);
    if (!review) return fail(review.error());
    if (!json) render_stack_changes(std::cout, *review);
    const auto decision = toolkit::pipeline::decide_approval(
        review->changes,
        {.yes = args.yes, .if_no_changes = args.if_no_changes, .unless_broadening = args.unless_broadening});
    using Kind = toolkit::pipeline::ApprovalDecision::Kind;
    if (decision.kind == Kind::Refuse) {
        if (json) std::cout << review_to_json(*review, "refused", decision.reason).dump(2) << "\n";
        return fail(
            make_error("NotApproved", "not approved: " + decision.reason + "; the approval still waits"));
    }
    if (decision.kind == Kind::Ask) {
        if (::isatty(STDIN_FILENO) == 0) {
            if (json)
                std::cout << review_to_json(*review, "refused", "no terminal to ask on").dump(2) << "\n";
            return fail(make_error("ConfirmationRequired",
                                   "approve asks for confirmation and there is no terminal: pass "
                                   "--yes (or --if-no-changes) to approve without asking"));
        }
        if (!confirm("\nApprove stage " + args.stage + " of " + name)) {
            std::cout << "Not approved; the approval still waits.\n";
            return ExitCode::Failure;
        }
    }
    if (auto put = toolkit::put_approval(sessions, review->approval, true, args.summary); !put)
        return fail(put.error());
    if (json) {
        std::cout << review_to_json(*review, "approved", "").dump(2) << "\n";
    } else {
        std::cout << "\n ✅  approved " << args.stage << "/" << review->approval.action << " of " << name
                  << " (execution " << review->approval.execution_id << ")\n";
    }
    return ExitCode::Success;
}

ExitCode run_logs(toolkit::SessionPool& sessions, const std::string& name, const PipelineArguments& args) {
    auto log = toolkit::find_build_log(sessions, name, args.action);
    if (!log) return fail(log.error());
    std::string token;
    std::string status = log->build_status;
    while (true) {
        // Read every page there is now.
        while (true) {
            auto page = toolkit::read_build_log(sessions, *log, token);
            if (!page) return fail(page.error());
            for (const auto& e : page->events) {
                std::cout << e.message;
                if (e.message.empty() || e.message.back() != '\n') std::cout << "\n";
            }
            std::cout << std::flush;
            const bool same = page->next_forward_token.empty() || page->next_forward_token == token;
            if (!page->next_forward_token.empty()) token = page->next_forward_token;
            if (same || page->events.empty()) break;
        }
        if (!args.follow || status != "IN_PROGRESS") break;
        sleep_for(args.interval);
        auto now = toolkit::build_status(sessions, log->build_id);
        if (!now) return fail(now.error());
        status = *now; // one more read after the build ended picks up its last lines
    }
    if (args.follow) std::cerr << "build " << log->build_id << " " << status << "\n";
    return ExitCode::Success;
}

/// The cloud assembly of the app in the current directory: `--app DIR` when it is an assembly directory, else
/// the app's output directory (`--output`, cdk.json "output", cdk.out). The app is not run.
std::filesystem::path app_assembly_directory(const GlobalOptions& globals) {
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    if (!globals.app.empty() && toolkit::app_is_assembly_directory(globals.app, cwd))
        return cwd / globals.app;
    if (auto request = make_app_request(globals)) {
        if (toolkit::app_is_assembly_directory(request->app, cwd)) return cwd / request->app;
        return request->output_dir.is_absolute() ? request->output_dir : cwd / request->output_dir;
    }
    return cwd / (globals.output.empty() ? std::string(toolkit::kDefaultOutput) : globals.output);
}

/// NAME left out: the app's only pipeline (from its synthesized PipelineStack), else the account's only one.
Result<std::string> pipeline_of_the_app(const GlobalOptions& globals) {
    const auto dir = app_assembly_directory(globals);
    auto names = toolkit::pipelines_in_assembly(dir);
    if (!names) return names.error();
    if (names->size() > 1) {
        std::string all;
        for (const auto& n : *names)
            all += (all.empty() ? "" : ", ") + n;
        return make_error("PipelineNameRequired", "the app's assembly " + dir.string() + " defines " +
                                                      std::to_string(names->size()) +
                                                      " pipelines, name one: " + all);
    }
    return names->empty() ? std::string() : names->front();
}

ExitCode run_pipeline(const GlobalOptions& globals, const PipelineArguments& args) {
    toolkit::SessionPool sessions(args.aws.session_options());
    const bool json = globals.json;
    if (args.command == PipelineCommand::List) {
        auto all = toolkit::list_pipelines(sessions);
        if (!all) return fail(all.error());
        render_pipeline_list(std::cout, *all, json);
        return ExitCode::Success;
    }
    std::string wanted = args.name;
    if (wanted.empty()) {
        auto from_app = pipeline_of_the_app(globals);
        if (!from_app) return fail(from_app.error());
        wanted = *from_app;
    }
    auto name = toolkit::resolve_pipeline(sessions, wanted);
    if (!name) return fail(name.error());
    switch (args.command) {
    case PipelineCommand::Status: {
        auto status = toolkit::pipeline_status(sessions, *name);
        if (!status) return fail(status.error());
        render_pipeline_status(std::cout, *status, json);
        return ExitCode::Success;
    }
    case PipelineCommand::Watch: return run_watch(sessions, *name, args, json);
    case PipelineCommand::Approve: return run_approve(sessions, *name, args, json);
    case PipelineCommand::Reject: {
        auto status = toolkit::pipeline_status(sessions, *name);
        if (!status) return fail(status.error());
        auto approval = toolkit::find_waiting_approval(*status, args.stage, args.action);
        if (!approval) return fail(approval.error());
        if (auto put = toolkit::put_approval(sessions, *approval, false, args.summary); !put)
            return fail(put.error());
        if (json) {
            std::cout << Json{{"pipelineName", *name},
                              {"stageName", args.stage},
                              {"actionName", approval->action},
                              {"pipelineExecutionId", approval->execution_id},
                              {"outcome", "rejected"}}
                             .dump(2)
                      << "\n";
        } else {
            std::cout << " ❌  rejected " << args.stage << "/" << approval->action << " of " << *name
                      << ": execution " << approval->execution_id << " fails\n";
        }
        return ExitCode::Success;
    }
    case PipelineCommand::Start: {
        auto id = toolkit::start_pipeline(sessions, *name);
        if (!id) return fail(id.error());
        if (json) {
            std::cout << Json{{"pipelineName", *name}, {"pipelineExecutionId", *id}}.dump(2) << "\n";
        } else {
            std::cout << "started execution " << *id << " of " << *name
                      << " (follow it: cdkpp pipeline watch " << *name << ")\n";
        }
        return ExitCode::Success;
    }
    case PipelineCommand::Stop: {
        auto id = toolkit::stop_pipeline(sessions, *name, args.abandon, args.reason);
        if (!id) return fail(id.error());
        if (json) {
            std::cout << Json{{"pipelineName", *name},
                              {"pipelineExecutionId", *id},
                              {"abandon", args.abandon}}
                             .dump(2)
                      << "\n";
        } else {
            std::cout << (args.abandon ? "abandoning" : "stopping") << " execution " << *id << " of " << *name
                      << "\n";
        }
        return ExitCode::Success;
    }
    case PipelineCommand::Retry: {
        auto id = toolkit::retry_stage(sessions, *name, args.stage, args.all_actions);
        if (!id) return fail(id.error());
        if (json) {
            std::cout << Json{{"pipelineName", *name},
                              {"stageName", args.stage},
                              {"pipelineExecutionId", *id}}
                             .dump(2)
                      << "\n";
        } else {
            std::cout << "retrying " << (args.all_actions ? "every action" : "the failed actions") << " of "
                      << args.stage << " in execution " << *id << " of " << *name << "\n";
        }
        return ExitCode::Success;
    }
    case PipelineCommand::History: {
        auto history = toolkit::pipeline_history(sessions, *name, args.max);
        if (!history) return fail(history.error());
        render_pipeline_history(std::cout, *name, *history, json);
        return ExitCode::Success;
    }
    case PipelineCommand::Logs: return run_logs(sessions, *name, args);
    case PipelineCommand::List:
    case PipelineCommand::None: break;
    }
    return ExitCode::Usage;
}

} // namespace

void register_pipeline(CommandContext& context) {
    auto args = std::make_shared<PipelineArguments>();
    CLI::App* sub = add_pipeline_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback([&globals, &selected, args] {
        selected = [&globals, args] { return run_pipeline(globals, *args); };
    });
}

} // namespace cdk::cli
