#include "apps/cli/arguments/deploy.hpp"

#include "apps/cli/command.hpp"
#include "apps/cli/commands/app_request.hpp"
#include "apps/cli/views/deploy.hpp"
#include "apps/cli/views/diagnostics.hpp"
#include "apps/cli/views/progress.hpp"
#include "assembly/stack_selection.hpp"
#include "core/fs.hpp"

#include <iostream>
#include <memory>
#include <mutex>
#include <unistd.h>

namespace cdk::cli {
namespace {

/// --parameters [STACK:]KEY=VALUE into {stack or "*": {key: value}}.
Result<std::map<std::string, std::map<std::string, std::string>>>
parse_parameters(const std::vector<std::string>& items) {
    std::map<std::string, std::map<std::string, std::string>> out;
    for (const auto& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) {
            return make_error("ParametersInvalid",
                              "--parameters takes [STACK:]NAME=VALUE, got '" + item + "'");
        }
        std::string name = item.substr(0, eq);
        std::string stack = "*";
        if (const auto colon = name.find(':'); colon != std::string::npos) {
            stack = name.substr(0, colon);
            name = name.substr(colon + 1);
        }
        out[stack][name] = item.substr(eq + 1);
    }
    return out;
}

/// Asks on the terminal; false when the answer is not yes.
bool ask_on_terminal(const std::string& stack, const toolkit::diff::TemplateDiff& diff) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::cout
        << toolkit::diff::format_diff(stack, diff)
        << "\nThis deployment will make potentially sensitive changes according to your current security "
           "approval level (--require-approval).\nDo you wish to deploy these changes (y/n)? "
        << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    return answer == "y" || answer == "Y" || answer == "yes";
}

Result<std::shared_ptr<const assembly::CloudAssembly>> load_assembly(const GlobalOptions& globals) {
    auto request = make_app_request(globals);
    if (!request) return request.error();
    auto assembly = toolkit::run_app(*request);
    if (!assembly) return assembly.error();
    return std::make_shared<const assembly::CloudAssembly>(std::move(*assembly));
}

ExitCode run_deploy(const GlobalOptions& globals, const DeployArguments& args) {
    auto assembly = load_assembly(globals);
    if (!assembly) {
        print_error(std::cerr, assembly.error());
        return exit_code_for(assembly.error());
    }
    auto stacks = toolkit::select_for_deploy(**assembly, args.stacks, args.all, args.exclusively);
    if (!stacks) {
        print_error(std::cerr, stacks.error());
        return ExitCode::Failure;
    }
    auto parameters = parse_parameters(args.parameters);
    if (!parameters) {
        print_error(std::cerr, parameters.error());
        return ExitCode::Usage;
    }
    toolkit::DeployOptions options;
    options.concurrency = args.concurrency;
    options.require_approval = toolkit::deploy::parse_require_approval(args.require_approval).value();
    if (::isatty(STDIN_FILENO) != 0) options.approve = ask_on_terminal;
    options.parameters = *parameters;
    options.tags = parse_key_values(args.tags);
    options.rollback = !args.no_rollback;
    options.force = args.force;

    toolkit::SessionPool sessions(args.aws.session_options());
    const auto progress = make_progress_printer(globals.json ? std::cerr : std::cout);
    const auto outcomes = toolkit::deploy_stacks(*stacks, options, sessions, progress);
    render_deploy(std::cout, std::cerr, outcomes, globals.json);
    if (!args.outputs_file.empty()) {
        if (auto w = fs::write_file_atomic(args.outputs_file, outputs_json(outcomes).dump(2) + "\n"); !w) {
            print_error(std::cerr, w.error());
            return ExitCode::Failure;
        }
    }
    for (const auto& o : outcomes) {
        if (o.error || o.skipped) return ExitCode::Failure;
    }
    return ExitCode::Success;
}

ExitCode run_diff(const GlobalOptions& globals, const DiffArguments& args) {
    auto assembly = load_assembly(globals);
    if (!assembly) {
        print_error(std::cerr, assembly.error());
        return exit_code_for(assembly.error());
    }
    auto stacks = toolkit::select_for_deploy(**assembly, args.stacks, args.stacks.empty(), true);
    if (!stacks) {
        print_error(std::cerr, stacks.error());
        return ExitCode::Failure;
    }
    toolkit::SessionPool sessions(args.aws.session_options());
    const auto diffs = toolkit::diff_stacks(*stacks, sessions);
    render_diff(std::cout, std::cerr, diffs, globals.json, args.security_only);
    bool differences = false;
    for (const auto& d : diffs) {
        if (d.error) return ExitCode::Failure;
        // With --security-only only broadened permissions count (aws-cdk: PermissionChangeType.BROADENING).
        differences = differences || (args.security_only ? d.diff.permissions_broadened() : !d.diff.empty());
    }
    return args.fail && differences ? ExitCode::Failure : ExitCode::Success;
}

ExitCode run_destroy(const GlobalOptions& globals, const DestroyArguments& args) {
    auto assembly = load_assembly(globals);
    if (!assembly) {
        print_error(std::cerr, assembly.error());
        return exit_code_for(assembly.error());
    }
    assembly::StackSelector selector;
    selector.patterns = args.stacks;
    selector.all = args.all;
    selector.default_selection = assembly::DefaultSelection::OnlySingle;
    selector.extend =
        args.exclusively ? assembly::ExtendSelection::None : assembly::ExtendSelection::Downstream;
    auto stacks = assembly::select_stacks(**assembly, selector);
    if (!stacks) {
        print_error(std::cerr, stacks.error());
        return ExitCode::Failure;
    }
    if (!args.force) {
        if (::isatty(STDIN_FILENO) == 0) {
            print_error(std::cerr,
                        make_error("ConfirmationRequired",
                                   "destroy asks for confirmation and there is no terminal: pass --force"));
            return ExitCode::Failure;
        }
        std::string names;
        for (const auto* s : *stacks)
            names += (names.empty() ? "" : ", ") + s->hierarchical_id;
        std::cout << "Are you sure you want to delete: " << names << " (y/n)? " << std::flush;
        std::string answer;
        if (!std::getline(std::cin, answer) || (answer != "y" && answer != "Y" && answer != "yes")) {
            return ExitCode::Failure;
        }
    }
    toolkit::SessionPool sessions(args.aws.session_options());
    const auto progress = make_progress_printer(globals.json ? std::cerr : std::cout);
    const auto outcomes =
        toolkit::destroy_stacks(*stacks, sessions, progress, std::chrono::milliseconds(1000));
    render_destroy(std::cout, std::cerr, outcomes, globals.json);
    for (const auto& o : outcomes) {
        if (o.error) return ExitCode::Failure;
    }
    return outcomes.size() == stacks->size() ? ExitCode::Success : ExitCode::Failure;
}

} // namespace

void register_deploy(CommandContext& context) {
    auto args = std::make_shared<DeployArguments>();
    CLI::App* sub = add_deploy_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback(
        [&globals, &selected, args] { selected = [&globals, args] { return run_deploy(globals, *args); }; });
}

void register_diff(CommandContext& context) {
    auto args = std::make_shared<DiffArguments>();
    CLI::App* sub = add_diff_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback(
        [&globals, &selected, args] { selected = [&globals, args] { return run_diff(globals, *args); }; });
}

void register_destroy(CommandContext& context) {
    auto args = std::make_shared<DestroyArguments>();
    CLI::App* sub = add_destroy_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback(
        [&globals, &selected, args] { selected = [&globals, args] { return run_destroy(globals, *args); }; });
}

} // namespace cdk::cli
