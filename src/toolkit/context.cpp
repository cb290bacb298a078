#include "toolkit/context.hpp"

namespace cdk::toolkit {

Json default_context() {
    Json ctx = Json::object();
    ctx["aws:cdk:enable-path-metadata"] = true;
    ctx["aws:cdk:enable-asset-metadata"] = true;
    ctx["aws:cdk:version-reporting"] = true;
    ctx["aws:cdk:bundling-stacks"] = Json::array({"**"});
    ctx["@aws-cdk/core:failSynthOnValidationErrors"] = false;
    return ctx;
}

Result<std::pair<std::string, std::string>> parse_context_argument(std::string_view argument) {
    const auto eq = argument.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        return make_error("ContextArgumentInvalid", "context argument '" + std::string(argument) +
                                                        "' must be KEY=VALUE (for example -c stage=dev)");
    }
    return std::pair{std::string(argument.substr(0, eq)), std::string(argument.substr(eq + 1))};
}

Json build_context(const ProjectSettings& settings,
                   const std::vector<std::pair<std::string, std::string>>& command_line) {
    Json ctx = default_context();
    for (const Json* bag : {&settings.project_context, &settings.user_context, &settings.saved_context}) {
        for (const auto& [k, v] : bag->items())
            ctx[k] = v;
    }
    for (const auto& [k, v] : command_line)
        ctx[k] = v;
    return ctx;
}

} // namespace cdk::toolkit
