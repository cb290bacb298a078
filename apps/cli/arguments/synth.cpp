#include "apps/cli/arguments/synth.hpp"

namespace cdk::cli {

CLI::App* add_synth_arguments(CLI::App& app, SynthArguments& args) {
    CLI::App* sub = app.add_subcommand("synth", "run the app and print the template of the selected stack "
                                                "(or where the cloud assembly is)");
    sub->alias("synthesize");
    sub->add_option("stacks", args.stacks,
                    "stacks to synthesize (patterns such as 'Dev/*'; default: the "
                    "top-level stacks)");
    sub->add_flag("-q,--quiet", args.quiet, "do not print the template");
    sub->add_flag("-e,--exclusively", args.exclusively, "only the named stacks, not what they depend on");
    return sub;
}

} // namespace cdk::cli
