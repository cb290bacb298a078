#pragma once

#include "core/json.hpp"

#include <string>

namespace cdk {

class Construct;

/// The content of tree.json (`{"version": "tree-0.1", "tree": {...}}`): every construct with its id,
/// path and children, as the CDK writes it.
[[nodiscard]] Json build_tree_metadata(const Construct& root);

/// The text of tree.json: byte for byte `json::dump(build_tree_metadata(root), 2)`, written straight from
/// the construct tree without building the document first.
[[nodiscard]] std::string render_tree_metadata(const Construct& root);

} // namespace cdk
