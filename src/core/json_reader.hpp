#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <string_view>

namespace cdk::json {

/// Parses `text` into an ordered_json exactly as `nlohmann::ordered_json::parse(text)` does (same values,
/// keys in file order, a duplicated key keeps the position of its first occurrence and the value of its
/// last), but in linear expected time: nlohmann's DOM parser looks every key up in the ordered_map, a
/// linear search, which makes an object of n keys cost O(n^2).
/// Error `JsonMalformed` with the message "at byte N: <parser message>".
[[nodiscard]] Result<nlohmann::ordered_json> parse_ordered(std::string_view text);

} // namespace cdk::json
