#include "apps/cli/arguments/global.hpp"

namespace cdk::cli {

void add_global_arguments(CLI::App& app, GlobalOptions& globals) {
    app.add_option("-a,--app", globals.app,
                   "the app command (e.g. 'build/bin/my_app'), or a directory holding a cloud assembly; "
                   "default: \"app\" in cdk.json");
    app.add_option("-c,--context", globals.context, "context value KEY=VALUE (repeatable)");
    app.add_option("-o,--output", globals.output,
                   "directory the app writes the cloud assembly to (default cdk.out)");
    app.add_flag("-j,--json", globals.json, "print JSON instead of YAML or text");
    app.add_flag("-v,--verbose", globals.verbose, "print what is being done");
    app.fallthrough();
}

} // namespace cdk::cli
