#pragma once

#include "core/json.hpp"

namespace cdk {

class Construct;

/// The content of tree.json (`{"version": "tree-0.1", "tree": {...}}`): every construct with its id,
/// path and children, as the CDK writes it.
[[nodiscard]] Json build_tree_metadata(const Construct& root);

} // namespace cdk
