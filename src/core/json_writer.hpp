#pragma once

#include "core/json.hpp"

#include <cstddef>
#include <string>
#include <string_view>

/// Fast JSON text output for the files an app writes (templates, manifests, tree.json).
///
/// The output is byte for byte what `value.dump(indent, ' ', false, J::error_handler_t::replace)` returns:
/// same separators and indentation, same escapes, non-ASCII UTF-8 kept as is, invalid UTF-8 replaced by
/// U+FFFD. The common cases (plain ASCII strings, integers, structure) are written directly; the rare ones
/// (floats, strings with non-ASCII bytes, binary values) are handed to nlohmann's own serializer one scalar
/// at a time, so their bytes cannot differ.
namespace cdk::json {

/// Appends `value` to `out`. `indent` < 0: compact (no whitespace); >= 0: one element per line, indented
/// by `indent` spaces per level (0 still breaks lines), as nlohmann's `dump` does. `current_indent`: the
/// indentation (in spaces) of the line `value` starts on, for a value nested in a document written by hand.
void dump_to(std::string& out, const Json& value, int indent = -1, std::size_t current_indent = 0);
void dump_to(std::string& out, const nlohmann::ordered_json& value, int indent = -1,
             std::size_t current_indent = 0);

/// Appends `s` as a JSON string literal (quotes included), byte for byte as dump() writes a string.
void append_string(std::string& out, std::string_view s);

/// `value` as JSON text; see dump_to.
[[nodiscard]] std::string dump(const Json& value, int indent = -1);
[[nodiscard]] std::string dump(const nlohmann::ordered_json& value, int indent = -1);

} // namespace cdk::json
