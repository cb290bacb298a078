#pragma once

#include "core/json.hpp"

#include <cstddef>
#include <string>

/// Fast JSON text output for the files an app writes (templates, manifests, tree.json).
///
/// The output is byte for byte what `value.dump(indent, ' ', false, J::error_handler_t::replace)` returns:
/// same separators and indentation, same escapes, non-ASCII UTF-8 kept as is, invalid UTF-8 replaced by
/// U+FFFD. The common cases (plain ASCII strings, integers, structure) are written directly; the rare ones
/// (floats, strings with non-ASCII bytes, binary values) are handed to nlohmann's own serializer one scalar
/// at a time, so their bytes cannot differ.
namespace cdk::json {

/// Appends `value` to `out`. `indent` < 0: compact (no whitespace); >= 0: one element per line, indented
/// by `indent` spaces per level (0 still breaks lines), as nlohmann's `dump` does.
void dump_to(std::string& out, const Json& value, int indent = -1);
void dump_to(std::string& out, const nlohmann::ordered_json& value, int indent = -1);
/// Appends `value` as it appears nested `depth` levels deep in a document dumped with `indent` >= 0 (its
/// inner lines indented by (depth + 1) * indent spaces, its closing bracket by depth * indent), so that
/// parts of a document can be written separately and joined.
void dump_to(std::string& out, const Json& value, int indent, std::size_t depth);

/// `value` as JSON text; see dump_to.
[[nodiscard]] std::string dump(const Json& value, int indent = -1);
[[nodiscard]] std::string dump(const nlohmann::ordered_json& value, int indent = -1);

} // namespace cdk::json
