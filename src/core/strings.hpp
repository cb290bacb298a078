#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::strings {

/// Splits on every occurrence of `sep` (an empty input yields one empty piece).
[[nodiscard]] std::vector<std::string> split(std::string_view text, std::string_view sep);
/// Joins with `sep` between pieces.
[[nodiscard]] std::string join(const std::vector<std::string>& pieces, std::string_view sep);
/// Removes leading and trailing ASCII whitespace.
[[nodiscard]] std::string_view trim(std::string_view text);
[[nodiscard]] bool starts_with(std::string_view text, std::string_view prefix);
[[nodiscard]] bool ends_with(std::string_view text, std::string_view suffix);
/// ASCII lower/upper case.
[[nodiscard]] std::string to_lower(std::string_view text);
[[nodiscard]] std::string to_upper(std::string_view text);
/// Replaces every occurrence of `from` (non-empty) with `to`.
[[nodiscard]] std::string replace_all(std::string_view text, std::string_view from, std::string_view to);
/// Lower-case hexadecimal of raw bytes.
[[nodiscard]] std::string to_hex(std::string_view bytes);
/// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
[[nodiscard]] bool valid_utf8(std::string_view text);
/// `text` with every byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD.
[[nodiscard]] std::string to_valid_utf8(std::string_view text);

} // namespace cdk::strings
