#include "apps/cli/arguments/bootstrap.hpp"

#include "apps/cli/command.hpp"
#include "apps/cli/commands/app_request.hpp"
#include "apps/cli/views/bootstrap.hpp"
#include "apps/cli/views/diagnostics.hpp"
#include "apps/cli/views/progress.hpp"
#include "toolkit/serialize.hpp"

#include <iostream>
#include <memory>
#include <set>

namespace cdk::cli {
namespace {

std::optional<bool> tri_state(const std::string& value) {
    if (value.empty()) return std::nullopt;
    return value == "true";
}

/// The environments of the app's stacks (what `cdk bootstrap` without arguments bootstraps).
Result<std::vector<std::string>> app_environments(const GlobalOptions& globals) {
    auto request = make_app_request(globals);
    if (!request) return request.error();
    auto assembly = toolkit::run_app(*request);
    if (!assembly) return assembly.error();
    std::set<std::string> seen;
    std::vector<std::string> out;
    for (const auto* s : assembly->stacks_recursively()) {
        const std::string env = s->environment.to_string();
        if (seen.insert(env).second) out.push_back(env);
    }
    return out;
}

ExitCode run_bootstrap(const GlobalOptions& globals, const BootstrapArguments& args) {
    toolkit::BootstrapOptions options;
    if (!args.template_file.empty()) options.template_file = args.template_file;
    if (args.show_template) {
        auto tmpl = toolkit::load_bootstrap_template(options.template_file);
        if (!tmpl) {
            print_error(std::cerr, tmpl.error());
            return ExitCode::Failure;
        }
        const auto ordered = nlohmann::ordered_json::parse(tmpl->dump());
        std::cout << (globals.json ? toolkit::to_json_text(ordered) : toolkit::to_yaml(ordered));
        return ExitCode::Success;
    }
    options.environments = args.environments;
    if (options.environments.empty()) {
        auto envs = app_environments(globals);
        if (!envs) {
            print_error(std::cerr,
                        Error{envs.error().code, "no environments given, and the app's could not be read: " +
                                                     envs.error().message});
            return ExitCode::Usage;
        }
        options.environments = *envs;
    }
    options.toolkit_stack_name = args.toolkit_stack_name;
    auto& p = options.parameters;
    if (!args.qualifier.empty()) p.qualifier = args.qualifier;
    if (!args.bucket_name.empty()) p.bucket_name = args.bucket_name;
    if (!args.trust.empty()) p.trusted_accounts = args.trust;
    if (!args.trust_for_lookup.empty()) p.trusted_accounts_for_lookup = args.trust_for_lookup;
    p.untrusted_accounts = args.untrust;
    if (!args.execution_policies.empty()) p.execution_policies = args.execution_policies;
    if (!args.kms_key_id.empty()) p.kms_key_id = args.kms_key_id;
    p.customer_key = tri_state(args.customer_key);
    p.public_access_block = tri_state(args.public_access_block);
    options.termination_protection = tri_state(args.termination_protection);
    options.tags = parse_key_values(args.tags);
    options.execute = !args.no_execute;
    options.force = args.force;

    toolkit::SessionPool sessions(args.aws.session_options());
    const auto progress = make_progress_printer(globals.json ? std::cerr : std::cout);
    const auto results = toolkit::bootstrap_environments(options, sessions, progress);
    render_bootstrap(std::cout, std::cerr, results, globals.json);
    for (const auto& r : results) {
        if (r.error) return ExitCode::Failure;
    }
    return ExitCode::Success;
}

} // namespace

void register_bootstrap(CommandContext& context) {
    auto args = std::make_shared<BootstrapArguments>();
    CLI::App* sub = add_bootstrap_arguments(context.app, *args);
    const GlobalOptions& globals = context.globals;
    Action& selected = context.selected;
    sub->callback([&globals, &selected, args] {
        selected = [&globals, args] { return run_bootstrap(globals, *args); };
    });
}

} // namespace cdk::cli
