#include "apps/cli/arguments/list.hpp"

namespace cdk::cli {

CLI::App* add_list_arguments(CLI::App& app, ListArguments& args) {
    CLI::App* sub = app.add_subcommand("list", "list the stacks of the app (ids such as Dev/Service)");
    sub->alias("ls");
    sub->add_option("stacks", args.stacks, "patterns of stacks to list (default: all)");
    sub->add_flag("-l,--long", args.long_format, "also print stack names and environments");
    sub->add_flag("-d,--show-dependencies", args.show_dependencies, "print each stack's dependencies");
    return sub;
}

} // namespace cdk::cli
