#pragma once

#include <string>

namespace cdk {
class Construct;
}

namespace cdk::iam::detail {

/// Whether the app's context (cdk.json, `--context`) turns the aws-cdk-lib feature flag on (`true` or
/// `"true"`). Unset flags are off, which is aws-cdk-lib v2's default for every flag cdkpp reads (the table in
/// docs/construct-library.md).
[[nodiscard]] bool flag_enabled(const Construct& scope, const std::string& flag);

/// Adds a warning, once per stack, when the app enables a feature flag whose aws-cdk-lib rendering cdkpp does
/// not implement (cdkpp renders the flag's default, so the template differs from aws-cdk-lib's).
void warn_if_flag_enabled(Construct& scope, const std::string& flag);

/// The partition of the stack `scope` is in, as aws-cdk-lib's `Stack.partition` (what `Stack.formatArn` puts
/// in the ARNs it builds): with `@aws-cdk/core:enablePartitionLiterals` and a literal region that
/// aws-cdk-lib's RegionInfo knows, that region's partition (`aws`, `aws-cn`, `aws-us-gov`, ...); otherwise
/// the `AWS::Partition` pseudo parameter.
[[nodiscard]] std::string stack_partition(const Construct& scope);

/// The partition of the region as aws-cdk-lib 2.276's RegionInfo facts give it, or empty for a region they do
/// not list (a token, or an unknown name).
[[nodiscard]] std::string region_partition(const std::string& region);

} // namespace cdk::iam::detail
