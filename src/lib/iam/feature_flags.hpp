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

} // namespace cdk::iam::detail
