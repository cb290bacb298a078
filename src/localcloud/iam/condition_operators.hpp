#pragma once

#include "core/json.hpp"
#include "localcloud/iam/policy_evaluator.hpp"

#include <string_view>

namespace cdk::localcloud::iam {

/// Matches `text` against a pattern with `*` (any run) and `?` (one character).
[[nodiscard]] bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case = false);

/// Replaces `${key}` policy variables with single-valued context values (`${*}`, `${?}`, `${$}` escapes too).
[[nodiscard]] std::string substitute_variables(std::string_view text, const Context& context);

/// Evaluates a statement's Condition block: every operator and every key in it must hold.
/// Unknown operators make the condition false (fail closed).
[[nodiscard]] bool evaluate_conditions(const Json& condition, const Context& context);

} // namespace cdk::localcloud::iam
