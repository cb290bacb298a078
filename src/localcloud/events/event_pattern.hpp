#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <string>

namespace cdk::localcloud::events {

/// Parses and checks an EventPattern text as PutRule does: a JSON object (at most kMaxPatternBytes, nesting
/// at most kMaxPatternDepth) whose leaves are non-empty arrays of matchers: strings, numbers, null, booleans
/// (exact values), or one of `{"prefix": s}`, `{"prefix":
/// {"equals-ignore-case": s}}`, `{"suffix": s}` (also with equals-ignore-case), `{"equals-ignore-case": s}`,
/// `{"wildcard": s}` (`*` any run, `\*` a star), `{"anything-but": v | [v...] | {"prefix"|"suffix"|
/// "wildcard"|"equals-ignore-case": ...}}`, `{"numeric": [op, n (, op, n)]}` with ops `= < <= > >=`,
/// `{"exists": bool}`, `{"cidr": "a.b.c.d/n"}`; objects nest field by field and `"$or": [pattern...]`
/// gives alternatives. The error is InvalidEventPatternException naming the problem.
[[nodiscard]] Result<Json> parse_event_pattern(const std::string& text);

inline constexpr std::size_t kMaxPatternBytes = 4096;
inline constexpr int kMaxPatternDepth = 10;

/// Whether `event` (the event as rules see it: version, id, detail-type, source, account, time, region,
/// resources, detail) matches the parsed `pattern`: every field of the pattern matches (AND), any matcher of
/// a field (OR); an array value of the event matches when one element does; a field the event lacks
/// matches only `{"exists": false}`.
[[nodiscard]] bool pattern_matches(const Json& pattern, const Json& event);

} // namespace cdk::localcloud::events
