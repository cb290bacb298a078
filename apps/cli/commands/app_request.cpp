#include "apps/cli/commands/app_request.hpp"

#include "toolkit/context.hpp"
#include "toolkit/settings.hpp"

#include <cstdlib>

namespace cdk::cli {

Result<toolkit::AppRunRequest> make_app_request(const GlobalOptions& globals) {
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    if (ec) return make_error("CwdUnavailable", "cannot read the current directory: " + ec.message());
    std::optional<std::filesystem::path> home;
    if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') home = std::filesystem::path(h);
    auto settings = toolkit::load_project_settings(cwd, home);
    if (!settings) return settings.error();

    std::vector<std::pair<std::string, std::string>> cli_context;
    for (const auto& arg : globals.context) {
        auto kv = toolkit::parse_context_argument(arg);
        if (!kv) return kv.error();
        cli_context.push_back(std::move(*kv));
    }

    toolkit::AppRunRequest request;
    request.app = !globals.app.empty() ? globals.app : settings->app.value_or("");
    if (request.app.empty()) {
        return make_error("AppMissing",
                          "no app to synthesize in '" + cwd.string() +
                              "': pass --app 'COMMAND' (or a cloud assembly directory), or run in a "
                              "directory whose cdk.json has \"app\"");
    }
    request.working_dir = cwd;
    request.output_dir =
        !globals.output.empty() ? globals.output : settings->output.value_or(toolkit::kDefaultOutput);
    request.context = toolkit::build_context(*settings, cli_context);
    request.environment = toolkit::current_environment();
    for (const char* var : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
        if (const char* v = std::getenv(var); v != nullptr && *v != '\0' && !request.default_region) {
            request.default_region = v;
        }
    }
    return request;
}

ExitCode exit_code_for(const Error& error) {
    if (error.code == "ContextArgumentInvalid") return ExitCode::Usage;
    return ExitCode::Failure;
}

} // namespace cdk::cli
