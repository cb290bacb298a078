#include "apps/cli/arguments/synth.hpp"

#include "apps/cli/command.hpp"
#include "apps/cli/commands/app_request.hpp"
#include "apps/cli/commands/keep_until_exit.hpp"
#include "apps/cli/views/diagnostics.hpp"
#include "apps/cli/views/synth.hpp"
#include "toolkit/actions/synth.hpp"

#include <iostream>
#include <memory>

namespace cdk::cli {
namespace {

ExitCode run_synth(const GlobalOptions& globals, const SynthArguments& args) {
    auto request = make_app_request(globals);
    if (!request) {
        print_error(std::cerr, request.error());
        return exit_code_for(request.error());
    }
    toolkit::SynthOptions options;
    options.app = std::move(*request);
    options.patterns = args.stacks;
    options.exclusively = args.exclusively;
    auto outcome = toolkit::synth(options);
    if (!outcome) {
        print_error(std::cerr, outcome.error());
        return exit_code_for(outcome.error());
    }
    if (toolkit::has_errors(outcome->diagnostics)) {
        print_diagnostics(std::cerr, outcome->diagnostics);
        std::cerr << "error: synthesis found errors (above); fix them in the app\n";
        return ExitCode::Failure;
    }
    if (auto rendered = render_synth(std::cout, std::cerr, *outcome, globals.json, args.quiet); !rendered) {
        print_error(std::cerr, rendered.error());
        return ExitCode::Failure;
    }
    keep_until_exit(*outcome);
    return ExitCode::Success;
}

} // namespace

void register_synth(CommandContext& context) {
    auto args = std::make_shared<SynthArguments>();
    CLI::App* sub = add_synth_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback(
        [&globals, &selected, args] { selected = [&globals, args] { return run_synth(globals, *args); }; });
}

} // namespace cdk::cli
