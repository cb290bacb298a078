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
/// RFC 3986 percent-encoding: every byte but the unreserved A-Z a-z 0-9 - . _ ~ (and '/' when `keep_slash`)
/// as %XX with upper-case hex, as SigV4's UriEncode and S3 keys want it.
[[nodiscard]] std::string percent_encode(std::string_view text, bool keep_slash = false);
/// Decodes %XX (either case); a '%' not followed by two hex digits stays as it is; '+' becomes a space when
/// `plus_as_space` (HTML forms and query strings of the Query protocol).
[[nodiscard]] std::string percent_decode(std::string_view text, bool plus_as_space = false);
/// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
[[nodiscard]] bool valid_utf8(std::string_view text);
/// `text` with every byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD.
[[nodiscard]] std::string to_valid_utf8(std::string_view text);

} // namespace cdk::strings
