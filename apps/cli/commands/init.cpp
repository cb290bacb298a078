// `cdkpp init`: writes a new C++ CDK project from an embedded template into the current directory
// (apps/cli/init/, templates in apps/cli/templates/), as the stock `cdk init` does for its languages.
#include "apps/cli/arguments/init.hpp"

#include "apps/cli/command.hpp"
#include "apps/cli/init/git_repository.hpp"
#include "apps/cli/init/project_template.hpp"
#include "apps/cli/views/diagnostics.hpp"
#include "apps/cli/views/init.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

namespace cdk::cli {
namespace {

ExitCode run_init(const GlobalOptions& globals, const InitArguments& args) {
    const auto templates = init::available_templates();
    if (args.list || (args.template_name.empty() && args.language.empty())) {
        render_init_templates(std::cout, templates, globals.json);
        return ExitCode::Success;
    }
    const std::string requested = args.template_name.empty() ? "app" : args.template_name;
    const init::ProjectTemplate* tmpl = init::find_template(templates, requested);
    if (tmpl == nullptr) {
        render_init_templates(std::cerr, templates);
        print_error(std::cerr, make_error("UnknownTemplate", "unknown init template: '" + requested +
                                                                 "' (see the templates above)"));
        return ExitCode::Failure;
    }
    std::string language = args.language;
    if (language.empty()) {
        language = tmpl->languages.front();
        std::cerr << "No --language was provided, but '" << tmpl->name << "' supports only '" << language
                  << "', so defaulting to --language=" << language << "\n";
    }
    if (std::find(tmpl->languages.begin(), tmpl->languages.end(), language) == tmpl->languages.end()) {
        render_init_templates(std::cerr, templates);
        print_error(std::cerr,
                    make_error("UnsupportedLanguage",
                               "the language '" + language + "' is not supported for " + tmpl->name +
                                   " (it supports: " + strings::join(tmpl->languages, ", ") + ")"));
        return ExitCode::Failure;
    }
    if (args.pipeline && !init::has_pipeline_variant(*tmpl, language)) {
        print_error(std::cerr, make_error("NoPipelineVariant", "the template " + tmpl->name + " for " +
                                                                   language + " has no --pipeline variant"));
        return ExitCode::Failure;
    }
    std::error_code ec;
    const auto dir = std::filesystem::current_path(ec);
    if (ec) {
        print_error(std::cerr,
                    make_error("CwdUnavailable", "cannot read the current directory: " + ec.message()));
        return ExitCode::Failure;
    }
    if (auto empty = init::check_empty_directory(dir); !empty) {
        print_error(std::cerr, empty.error());
        return ExitCode::Failure;
    }
    auto names = init::project_names(args.name.empty() ? dir.filename().string() : args.name);
    if (!names) {
        print_error(std::cerr, names.error());
        return ExitCode::Failure;
    }
    const auto files = init::render_project(*tmpl, language, args.pipeline, *names, CDKPP_VERSION);
    if (auto written = init::write_project(dir, files); !written) {
        print_error(std::cerr, written.error());
        return ExitCode::Failure;
    }
    bool git = false;
    if (!args.generate_only && !init::inside_git_work_tree(dir)) {
        auto repo = init::initialize_git_repository(dir);
        if (!repo)
            std::cerr << "warning: unable to initialize a git repository for your project: "
                      << repo.error().message << "\n";
        git = repo.has_value();
    }
    render_init_done(std::cout, *tmpl, language, files, git);
    return ExitCode::Success;
}

} // namespace

void register_init(CommandContext& context) {
    auto args = std::make_shared<InitArguments>();
    CLI::App* sub = add_init_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback(
        [&globals, &selected, args] { selected = [&globals, args] { return run_init(globals, *args); }; });
}

} // namespace cdk::cli
