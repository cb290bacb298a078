// cdkpp: the command-line toolkit. The one place (besides the synth boundary and the localcloud
// dispatcher) where exceptions are caught and turned into an exit code.
#include "apps/cli/arguments/global.hpp"
#include "apps/cli/command.hpp"
#include "apps/cli/exit_codes.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

namespace {
constexpr const char* kVersion = CDKPP_VERSION; // the project's version (top-level CMakeLists.txt)
}

int main(int argc, char** argv) {
    using cdk::cli::ExitCode;
    using cdk::cli::to_int;
    try {
        CLI::App app{"cdkpp: the AWS CDK v2 multi-account workflow, in C++", "cdkpp"};
        app.set_version_flag("--version", kVersion);
        app.require_subcommand(0, 1);
        cdk::cli::GlobalOptions globals;
        cdk::cli::Action selected;
        cdk::cli::add_global_arguments(app, globals);
        cdk::cli::CommandContext context{app, globals, selected};
        cdk::cli::register_commands(context);
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            const int rc = app.exit(e);
            return rc == 0 ? 0 : to_int(ExitCode::Usage);
        }
        if (!selected) {
            std::cout << app.help();
            return to_int(ExitCode::Success);
        }
        return to_int(selected());
    } catch (const std::exception& e) {
        std::cerr << "cdkpp: internal error: " << e.what() << "\nThis is a bug; please report it.\n";
        return to_int(ExitCode::Internal);
    }
}
