#include "apps/cli/arguments/init.hpp"

namespace cdk::cli {

CLI::App* add_init_arguments(CLI::App& app, InitArguments& args) {
    CLI::App* sub =
        app.add_subcommand("init", "create a new C++ CDK project in the current, empty directory");
    sub->add_option("template", args.template_name, "the template to use (app); none: list the templates");
    sub->add_option("-l,--language", args.language, "the language of the project (cpp)");
    sub->add_option("--name,--project-name", args.name, "the project's name (default: the directory's name)");
    sub->add_flag("--pipeline", args.pipeline,
                  "the reference scenario's shape: a LambdaStack in an AppStage per target account");
    sub->add_flag("--generate-only", args.generate_only, "write the files only: no git repository");
    sub->add_flag("--list", args.list, "list the available templates");
    return sub;
}

} // namespace cdk::cli
