#include "lib/codepipeline_actions/detail/action_util.hpp"

#include "constructs/construct.hpp"
#include "constructs/unique_id.hpp"
#include "tokens/errors.hpp"

#include <vector>

namespace cdk::codepipeline_actions::detail {

std::string node_unique_id(const Construct& construct) {
    std::vector<std::string> components;
    for (const Construct* s : construct.node().scopes()) {
        if (s->node().scope() != nullptr) components.push_back(s->node().id());
    }
    return make_unique_id(components);
}

std::string variable_expression(const codepipeline::ActionProperties& properties,
                                const std::string& variable) {
    if (properties.variables_namespace.empty()) {
        throw ValidationError("action '" + properties.action_name +
                              "' has no variables_namespace: give it one to use its variables");
    }
    return "#{" + properties.variables_namespace + "." + variable + "}";
}

bool flag_enabled(const Construct& scope, const std::string& flag) {
    const Json value = scope.node().try_get_context(flag);
    return (value.is_boolean() && value.get<bool>()) ||
           (value.is_string() && value.get<std::string>() == "true");
}

} // namespace cdk::codepipeline_actions::detail
