#pragma once

#include "core/random.hpp" // random_bytes, random_uuid

#include <chrono>
#include <string>
#include <string_view>

namespace cdk::localcloud {

/// `prefix` + upper-case alphanumerics up to `length` characters (AWS style ids: AKIA…, AROA…).
[[nodiscard]] std::string random_id(std::string_view prefix, std::size_t length = 20);
/// A 40-character secret access key.
[[nodiscard]] std::string random_secret();
/// ISO-8601 UTC with seconds: 2026-11-26T04:00:00Z.
[[nodiscard]] std::string iso8601(std::chrono::system_clock::time_point t);
/// Seconds since the epoch.
[[nodiscard]] long long epoch_seconds(std::chrono::system_clock::time_point t);
/// RFC 1123 date for HTTP headers (Last-Modified).
[[nodiscard]] std::string http_date(long long epoch);

} // namespace cdk::localcloud
