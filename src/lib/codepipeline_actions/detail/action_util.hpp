#pragma once

#include "lib/codepipeline/action.hpp"

#include <string>

namespace cdk {
class Construct;
}

namespace cdk::codepipeline_actions::detail {

/// The CDK's Names.nodeUniqueId: make_unique_id of the construct's path below the app.
[[nodiscard]] std::string node_unique_id(const Construct& construct);

/// `#{<namespace>.<variable>}` (CDK: Action.variableExpression); throws when the action has no namespace.
[[nodiscard]] std::string variable_expression(const codepipeline::ActionProperties& properties,
                                              const std::string& variable);

/// True when the context key `flag` is true or "true".
[[nodiscard]] bool flag_enabled(const Construct& scope, const std::string& flag);

} // namespace cdk::codepipeline_actions::detail
