#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::localcloud::cloudformation {

/// The top-level properties of `type` whose change requires replacement, from the CloudFormation resource
/// provider schemas (generated/create_only_properties.cpp); nullopt for a type the schemas do not know.
[[nodiscard]] std::optional<std::vector<std::string>> schema_create_only_properties(std::string_view type);

} // namespace cdk::localcloud::cloudformation
