#include "lib/iam/feature_flags.hpp"

#include "constructs/annotations.hpp"
#include "constructs/construct.hpp"
#include "constructs/stack.hpp"

#include <algorithm>

namespace cdk::iam::detail {

bool flag_enabled(const Construct& scope, const std::string& flag) {
    const Json value = scope.node().try_get_context(flag);
    return (value.is_boolean() && value.get<bool>()) ||
           (value.is_string() && value.get<std::string>() == "true");
}

void warn_if_flag_enabled(Construct& scope, const std::string& flag) {
    if (!flag_enabled(scope, flag)) return;
    const std::string message =
        "feature flag " + flag +
        " is enabled but cdkpp renders its default (disabled); the template differs from aws-cdk-lib's. "
        "Remove the flag from cdk.json (or set it to false) to silence this warning";
    Stack& stack = Stack::of(scope);
    const auto& entries = stack.node().metadata();
    const bool warned = std::any_of(entries.begin(), entries.end(), [&](const auto& e) {
        return e.type == Annotations::kWarning && e.data == Json(message);
    });
    if (!warned) Annotations::of(stack).add_warning(message);
}

} // namespace cdk::iam::detail
