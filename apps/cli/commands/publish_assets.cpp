#include "apps/cli/arguments/publish_assets.hpp"

#include "apps/cli/command.hpp"
#include "apps/cli/views/diagnostics.hpp"
#include "apps/cli/views/publish_assets.hpp"
#include "toolkit/actions/publish_assets.hpp"

#include <iostream>
#include <memory>

namespace cdk::cli {
namespace {

ExitCode run_publish_assets(const GlobalOptions& globals, const PublishAssetsArguments& args) {
    toolkit::SessionPool sessions(args.aws.session_options());
    auto outcome =
        toolkit::publish_manifest_assets(sessions, {.manifest = args.path, .selectors = args.selectors},
                                         [&](const std::string& message) { std::cerr << message << "\n"; });
    if (!outcome) {
        print_error(std::cerr, outcome.error());
        return ExitCode::Failure;
    }
    render_publish_assets(std::cout, *outcome, globals.json);
    return ExitCode::Success;
}

} // namespace

void register_publish_assets(CommandContext& context) {
    auto args = std::make_shared<PublishAssetsArguments>();
    CLI::App* sub = add_publish_assets_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback([&globals, &selected, args] {
        selected = [&globals, args] { return run_publish_assets(globals, *args); };
    });
}

} // namespace cdk::cli
