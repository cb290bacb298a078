#include "lib/iam/feature_flags.hpp"

#include "constructs/annotations.hpp"
#include "constructs/construct.hpp"
#include "constructs/stack.hpp"
#include "tokens/aws.hpp"

#include <algorithm>
#include <array>
#include <string_view>

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

std::string region_partition(const std::string& region) {
    // aws-cdk-lib 2.276 region-info: the regions with a PARTITION fact (built-ins.generated.js).
    struct RegionPartition {
        std::string_view region;
        std::string_view partition;
    };
    static constexpr std::array<RegionPartition, 47> kRegions{{
        {"af-south-1", "aws"},
        {"ap-east-1", "aws"},
        {"ap-east-2", "aws"},
        {"ap-northeast-1", "aws"},
        {"ap-northeast-2", "aws"},
        {"ap-northeast-3", "aws"},
        {"ap-south-1", "aws"},
        {"ap-south-2", "aws"},
        {"ap-southeast-1", "aws"},
        {"ap-southeast-2", "aws"},
        {"ap-southeast-3", "aws"},
        {"ap-southeast-4", "aws"},
        {"ap-southeast-5", "aws"},
        {"ap-southeast-6", "aws"},
        {"ap-southeast-7", "aws"},
        {"ca-central-1", "aws"},
        {"ca-west-1", "aws"},
        {"eu-central-1", "aws"},
        {"eu-central-2", "aws"},
        {"eu-north-1", "aws"},
        {"eu-south-1", "aws"},
        {"eu-south-2", "aws"},
        {"eu-west-1", "aws"},
        {"eu-west-2", "aws"},
        {"eu-west-3", "aws"},
        {"il-central-1", "aws"},
        {"me-central-1", "aws"},
        {"me-south-1", "aws"},
        {"me-west-1", "aws"},
        {"mx-central-1", "aws"},
        {"sa-east-1", "aws"},
        {"us-east-1", "aws"},
        {"us-east-2", "aws"},
        {"us-west-1", "aws"},
        {"us-west-2", "aws"},
        {"cn-north-1", "aws-cn"},
        {"cn-northwest-1", "aws-cn"},
        {"us-gov-east-1", "aws-us-gov"},
        {"us-gov-west-1", "aws-us-gov"},
        {"us-iso-east-1", "aws-iso"},
        {"us-iso-west-1", "aws-iso"},
        {"us-isob-east-1", "aws-iso-b"},
        {"us-isob-west-1", "aws-iso-b"},
        {"eu-isoe-west-1", "aws-iso-e"},
        {"us-isof-east-1", "aws-iso-f"},
        {"us-isof-south-1", "aws-iso-f"},
        {"eusc-de-east-1", "aws-eusc"},
    }};
    const auto* it = std::find_if(kRegions.begin(), kRegions.end(),
                                  [&](const RegionPartition& r) { return r.region == region; });
    return it == kRegions.end() ? std::string() : std::string(it->partition);
}

std::string stack_partition(const Construct& scope) {
    const Stack& stack = Stack::of(scope);
    if (!flag_enabled(stack, "@aws-cdk/core:enablePartitionLiterals")) return Aws::PARTITION;
    const std::string literal = region_partition(stack.region());
    return literal.empty() ? Aws::PARTITION : literal;
}

} // namespace cdk::iam::detail
