#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <string_view>

namespace cdk::json {

/// Parses `text` into an ordered_json exactly as `nlohmann::ordered_json::parse(text)` does (same values,
/// keys in file order, a duplicated key keeps the position of its first occurrence and the value of its
/// last), but in linear expected time: nlohmann's DOM parser looks every key up in the ordered_map, a
/// linear search, which makes an object of n keys cost O(n^2).
/// Error `JsonMalformed` with the message "at byte N: <parser message>".
/// Nesting deeper than `kMaxDepth` is an error (`JsonTooDeep`) rather than a document that recursive code
/// (dump, copy, comparison, our walkers) could not handle without exhausting the stack.
[[nodiscard]] Result<nlohmann::ordered_json> parse_ordered(std::string_view text);

/// Nesting limit of every parse of external input: far above any document AWS or the toolkit writes
/// (templates, policies and manifests are a few tens of levels deep), far below what overflows a thread's
/// stack in nlohmann's recursive dump and destructor-free walkers (~10,000 levels on an 8 MiB stack).
inline constexpr std::size_t kMaxDepth = 1000;

/// The bounds of one parse of external input.
struct ParseLimits {
    std::size_t max_depth = kMaxDepth;
    std::size_t max_bytes = std::size_t{64} * 1024 * 1024;
};

/// Parses external input into a `Json`, totally: malformed text (`JsonMalformed`), nesting deeper than
/// `limits.max_depth` (`JsonTooDeep`) and text longer than `limits.max_bytes` (`JsonTooLarge`) are errors,
/// never an exception or a crash. Invalid UTF-8 inside strings is malformed, as RFC 8259 says, and so is a
/// NUL byte anywhere (nlohmann, and so `parse_ordered`, would take it for the end of the text). Callers turn
/// the error into their service's AWS error (SerializationException, MalformedPolicyDocument, ...).
[[nodiscard]] Result<Json> parse(std::string_view text, const ParseLimits& limits = {});

} // namespace cdk::json
