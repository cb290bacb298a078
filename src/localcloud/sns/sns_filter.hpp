#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <string>

namespace cdk::localcloud::sns {

/// Checks a subscription's FilterPolicy text as SNS does when it is set: a JSON object whose leaves are
/// arrays of conditions (strings, numbers, null, or {prefix, suffix, anything-but, numeric, exists,
/// equals-ignore-case}), with "$or" alternatives. The error is SNS's InvalidParameter naming the problem.
[[nodiscard]] Result<Json> parse_filter_policy(const std::string& text);

/// Whether `document` passes `policy`: every key of the policy matches (AND), any condition of a key (OR),
/// an array value matches when one element does, nested objects match nested keys (MessageBody scope).
/// For the MessageAttributes scope `document` is attributes_document() of the message attributes.
[[nodiscard]] bool filter_matches(const Json& policy, const Json& document);

/// SNS message attributes ({name: {DataType, StringValue|BinaryValue}}) as a filter document: String as a
/// string, Number as a number, String.Array as its JSON array; Binary attributes are not matchable.
[[nodiscard]] Json attributes_document(const Json& attributes);

} // namespace cdk::localcloud::sns
