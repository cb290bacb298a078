#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/state/store.hpp"

#include <string>

/// What logs_backend.cpp (groups, streams, tags) and logs_events.cpp (events) share: entity kinds, names
/// and their checks, AWS's validation wording. Not for use outside src/localcloud/logs.
namespace cdk::localcloud::logs::detail {

inline constexpr const char* kGroupKind = "logs:group";
inline constexpr const char* kStreamKind = "logs:stream";
inline constexpr const char* kEventsKind = "logs:events";

/// Milliseconds since the epoch, now.
[[nodiscard]] long long now_ms();
/// `n` (negative as 0) with leading zeros to `width` digits.
[[nodiscard]] std::string padded(long long n, int width);
/// The key of a stream (and the prefix of its event chunks): `<group>:<stream>`.
[[nodiscard]] std::string stream_key(const std::string& group, const std::string& stream);
/// AWS's wording for a member that fails its model constraint (InvalidParameterException).
[[nodiscard]] Error constraint(const std::string& member, const std::string& value, const std::string& rule);
[[nodiscard]] Result<void> check_group_name(const std::string& name, const char* member = "logGroupName");
[[nodiscard]] Result<void> check_stream_name(const std::string& name);
/// The group named by logGroupName or by logGroupIdentifier (a name or an ARN of the caller's account).
[[nodiscard]] Result<std::string> group_name_of(const Json& in);
/// Reads `limit` (1..max, default `fallback`) from the input.
[[nodiscard]] Result<std::size_t> limit_of(const Json& in, std::size_t max, std::size_t fallback);
/// A new group's and a new stream's records.
[[nodiscard]] Json new_group(const Scope& scope, const std::string& name, long long now);
[[nodiscard]] Json new_stream(const Scope& scope, const std::string& group, const std::string& name,
                              long long now);

} // namespace cdk::localcloud::logs::detail
