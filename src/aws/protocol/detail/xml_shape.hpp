#pragma once

#include "aws/protocol/detail/shape_values.hpp"
#include "aws/protocol/model.hpp"
#include "aws/protocol/xml.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

/// Shape-directed mapping between XML elements and cdk::Json, shared by the query protocol (responses)
/// and REST-XML (bodies), in both directions.
namespace cdk::aws::protocol::detail {

/// Reads `node` (the element holding a value of `shape`).
[[nodiscard]] Result<Json> xml_to_json(const ServiceModel& model, const Json& shape, const XmlNode& node);

/// Writes `value` of `shape` into `node` (already named): children for a structure's members, text for a
/// scalar. With `body_only`, structure members bound to a URI, header, query or status code are skipped.
/// Timestamps without a timestampFormat trait are written in `timestamps` (ISO 8601; S3's responses with
/// milliseconds); xmlNamespace traits become namespace declarations.
void json_to_xml(const ServiceModel& model, const Json& shape, const Json& value, XmlNode& node,
                 bool body_only = false, TimeFormat timestamps = TimeFormat::Iso8601);

} // namespace cdk::aws::protocol::detail
