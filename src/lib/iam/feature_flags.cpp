#include "lib/iam/feature_flags.hpp"

#include "constructs/annotations.hpp"
#include "constructs/construct.hpp"

namespace cdk::iam::detail {

void warn_if_flag_enabled(Construct& scope, const std::string& flag) {
    const Json value = scope.node().try_get_context(flag);
    const bool enabled = (value.is_boolean() && value.get<bool>()) ||
                         (value.is_string() && value.get<std::string>() == "true");
    if (!enabled) return;
    Annotations::of(scope).add_warning(
        "feature flag " + flag +
        " is enabled but cdkpp renders its default (disabled); the template differs "
        "from aws-cdk-lib's. Remove the flag from cdk.json to silence this warning");
}

} // namespace cdk::iam::detail
