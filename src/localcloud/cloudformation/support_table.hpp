#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"

#include <string>

namespace cdk::localcloud::cloudformation {

/// The Markdown block docs/localcloud-cloudformation.md carries between its GENERATED markers: the API
/// operations the engine implements and the resource types with a provider in `providers`.
[[nodiscard]] std::string render_support_table(const ProviderRegistry& providers);

} // namespace cdk::localcloud::cloudformation
