#include "apps/cli/arguments/list.hpp"

#include "apps/cli/command.hpp"
#include "apps/cli/commands/app_request.hpp"
#include "apps/cli/commands/keep_until_exit.hpp"
#include "apps/cli/views/diagnostics.hpp"
#include "apps/cli/views/list.hpp"
#include "toolkit/actions/list.hpp"

#include <iostream>
#include <memory>

namespace cdk::cli {
namespace {

ExitCode run_list(const GlobalOptions& globals, const ListArguments& args) {
    auto request = make_app_request(globals);
    if (!request) {
        print_error(std::cerr, request.error());
        return exit_code_for(request.error());
    }
    auto assembly = toolkit::run_app(*request);
    if (!assembly) {
        print_error(std::cerr, assembly.error());
        return exit_code_for(assembly.error());
    }
    auto stacks = toolkit::list_stacks(*assembly, args.stacks);
    if (!stacks) {
        print_error(std::cerr, stacks.error());
        return exit_code_for(stacks.error());
    }
    render_list(std::cout, *stacks, ListView{args.long_format, args.show_dependencies, globals.json});
    keep_until_exit(*assembly);
    return ExitCode::Success;
}

} // namespace

void register_list(CommandContext& context) {
    auto args = std::make_shared<ListArguments>();
    CLI::App* sub = add_list_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback(
        [&globals, &selected, args] { selected = [&globals, args] { return run_list(globals, *args); }; });
}

} // namespace cdk::cli
