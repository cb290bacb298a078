#pragma once

#include "aws/protocol/model.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>

/// Helpers every codec shares: reading shape/member fields and converting scalars between cdk::Json
/// (timestamps as ISO 8601 strings, blobs as raw bytes) and their wire text.
namespace cdk::aws::protocol::detail {

/// Iso8601Millis is ISO 8601 with milliseconds always written (S3's response bodies).
enum class TimeFormat { Iso8601, Iso8601Millis, Epoch, HttpDate };

/// A string field of a shape or member, empty when absent.
[[nodiscard]] std::string str(const Json& j, const char* key);
/// A boolean field, false when absent.
[[nodiscard]] bool flag(const Json& j, const char* key);
/// The shape's type ("structure", "list", "map", "string", "timestamp", "blob", ...).
[[nodiscard]] std::string type_of(const Json& shape);
[[nodiscard]] bool is_scalar(const Json& shape);
/// locationName of a member reference, or `fallback`.
[[nodiscard]] std::string wire_name(const Json& ref, std::string_view fallback);
/// timestampFormat of member or shape, else the protocol's default for that location.
[[nodiscard]] TimeFormat time_format(const Json& ref, const Json& shape, TimeFormat fallback);

/// Scalar value to wire text (query, XML, headers, URI): booleans "true"/"false", timestamps in
/// `format`, blobs base64 (unless `raw_blob`), numbers as written.
[[nodiscard]] std::string scalar_to_text(const Json& shape, const Json& value, TimeFormat format,
                                         bool raw_blob = false);
/// Wire text to a scalar Json by the shape's type. Error code SerializationException on bad input.
[[nodiscard]] Result<Json> scalar_from_text(const Json& shape, std::string_view text, bool raw_blob = false);

/// Timestamp Json (ISO string or epoch number) to epoch seconds; nullopt when unparseable.
[[nodiscard]] std::optional<double> timestamp_seconds(const Json& value);

} // namespace cdk::aws::protocol::detail
