#include "apps/cli/arguments/whoami.hpp"

#include "apps/cli/command.hpp"
#include "apps/cli/views/diagnostics.hpp"
#include "apps/cli/views/whoami.hpp"
#include "aws/sts/whoami.hpp"

#include <iostream>
#include <memory>

namespace cdk::cli {
namespace {

ExitCode run_whoami(const GlobalOptions& globals, const WhoamiArguments& args) {
    auto session = aws::auth::Session::create(
        {.profile = args.profile, .region = args.region, .endpoint_url = args.endpoint_url});
    if (!session) {
        print_error(std::cerr, session.error());
        return ExitCode::Failure;
    }
    auto who = aws::sts::who_am_i(*session);
    if (!who) {
        print_error(std::cerr, who.error());
        return ExitCode::Failure;
    }
    render_whoami(std::cout, *who, globals.json);
    return ExitCode::Success;
}

} // namespace

void register_whoami(CommandContext& context) {
    auto args = std::make_shared<WhoamiArguments>();
    CLI::App* sub = add_whoami_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback(
        [&globals, &selected, args] { selected = [&globals, args] { return run_whoami(globals, *args); }; });
}

} // namespace cdk::cli
