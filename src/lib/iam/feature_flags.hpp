#pragma once

#include <string>

namespace cdk {
class Construct;
}

namespace cdk::iam::detail {

/// Adds a warning to `scope` when the app enables a feature flag whose aws-cdk-lib rendering cdkpp does not
/// implement (cdkpp renders the flag's default, so the template differs from aws-cdk-lib's).
void warn_if_flag_enabled(Construct& scope, const std::string& flag);

} // namespace cdk::iam::detail
