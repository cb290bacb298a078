#include "apps/cli/arguments/local.hpp"

#include "apps/cli/command.hpp"
#include "apps/cli/views/diagnostics.hpp"
#include "apps/cli/views/local.hpp"
#include "localcloud/control/control.hpp"
#include "localcloud/control/repos_control.hpp"

#include <iostream>
#include <memory>

namespace cdk::cli {
namespace {

ExitCode run_local(const GlobalOptions& globals, const LocalArguments& args) {
    namespace control = localcloud::control;
    control::ControlOptions options;
    options.port = args.port;
    if (!args.data_dir.empty()) options.data_dir = args.data_dir;
    if (!args.accounts_file.empty()) options.accounts_file = args.accounts_file;
    options.region = args.region;
    auto fail = [](const Error& e) {
        print_error(std::cerr, e);
        return ExitCode::Failure;
    };
    if (args.action == "link-repo" || args.action == "unlink-repo" || args.action == "repos") {
        auto out = control::run_repo_command(
            options, {args.action, args.owner_repo, args.repo_dir, args.json || globals.json});
        if (!out) return fail(out.error());
        std::cout << *out;
        return ExitCode::Success;
    }
    if (args.action == "start") {
        auto s = control::start(options);
        if (!s) return fail(s.error());
        render_local_status(std::cout, *s, globals.json);
        return ExitCode::Success;
    }
    if (args.action == "stop") {
        auto s = control::stop(options);
        if (!s) return fail(s.error());
        render_local_status(std::cout, *s, globals.json);
        return ExitCode::Success;
    }
    if (args.action == "status") {
        const auto s = control::status(options);
        render_local_status(std::cout, s, globals.json);
        return s.running ? ExitCode::Success : ExitCode::Failure;
    }
    if (args.action == "reset") {
        auto r = control::reset(options);
        if (!r) return fail(r.error());
        std::cout << "localcloud: state wiped\n";
        return ExitCode::Success;
    }
    if (args.write) {
        auto r = control::write_profiles(options);
        if (!r) return fail(r.error());
        std::cout << *r << "\n";
        return ExitCode::Success;
    }
    auto p = control::profiles(options);
    if (!p) return fail(p.error());
    std::cout << "# ~/.aws/config\n" << p->config << "# ~/.aws/credentials\n" << p->credentials;
    return ExitCode::Success;
}

} // namespace

void register_local(CommandContext& context) {
    auto args = std::make_shared<LocalArguments>();
    CLI::App* sub = add_local_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback(
        [&globals, &selected, args] { selected = [&globals, args] { return run_local(globals, *args); }; });
}

} // namespace cdk::cli
