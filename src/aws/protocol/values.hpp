#pragma once

#include "core/random.hpp" // random_uuid (idempotency tokens)

#include <optional>
#include <string>
#include <string_view>

/// Scalar conversions the AWS protocols share: base64 (blobs), timestamps (ISO 8601, HTTP date, epoch
/// seconds), Content-MD5 and idempotency tokens.
namespace cdk::aws::protocol {

[[nodiscard]] std::string base64_encode(std::string_view bytes);
/// nullopt when `text` is not valid, padded base64 (whitespace is ignored).
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text);

/// Seconds since the epoch from "2026-01-02T03:04:05Z", "2026-01-02T03:04:05.123+01:00",
/// "Fri, 02 Jan 2026 03:04:05 GMT" or "1767323045.5".
[[nodiscard]] std::optional<double> parse_timestamp(std::string_view text);
/// "2026-01-02T03:04:05Z" (".123" added when the time has a fraction). Timestamps are held in this
/// form inside cdk::Json values whatever the wire format.
[[nodiscard]] std::string format_iso8601(double epoch_seconds);
/// "Fri, 02 Jan 2026 03:04:05 GMT".
[[nodiscard]] std::string format_http_date(double epoch_seconds);

/// base64 of the MD5 digest (the Content-MD5 header).
[[nodiscard]] std::string content_md5(std::string_view body);

} // namespace cdk::aws::protocol
