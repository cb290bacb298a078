#pragma once

#include "aws/protocol/model.hpp"
#include "core/error.hpp"
#include "core/json.hpp"

#include <string>
#include <string_view>
#include <vector>

/// Server-side input validation by the model: what an AWS front end checks before the operation runs
/// (required members, string/blob/list/map lengths, numeric ranges, enum values, as the botocore model
/// states them). Types are already checked by parse_request. Patterns are not checked: the models write
/// them as Java regular expressions.
namespace cdk::aws::protocol {

/// One constraint an input breaks.
struct Violation {
    enum class Kind { Missing, Length, Range, Enum, Encoding };
    Kind kind = Kind::Missing;
    /// The member's path as AWS names it in messages: each member name with its first letter lowered,
    /// list items as `.N.member`, map values as `.<key>` ("tags.1.member.key").
    std::string path;
    /// The member's wire name (the parameter a Query service names): "QueueName".
    std::string member;
    /// The value as AWS quotes it: "null" for a missing member, else the text between quotes.
    std::string value;
    /// "Member must not be null", "Member must have length less than or equal to 64", ...
    std::string constraint;
};

/// Every violation of `operation`'s input in `input` (a parse_request result), in member order.
/// An operation without input, or one the model lacks, has none.
[[nodiscard]] std::vector<Violation> validate_input(const ServiceModel& model, std::string_view operation,
                                                    const Json& input);

/// Every violation in `value` of the model's shape `shape` (validate_input for one operation's input shape).
[[nodiscard]] std::vector<Violation> validate_shape(const ServiceModel& model, std::string_view shape,
                                                    const Json& value);

/// The error AWS answers for these violations (non-empty), in the service's dialect:
///  - JSON and REST-JSON: ValidationException, "1 validation error detected: Value null at 'name' failed to
///    satisfy constraint: Member must not be null" (several joined by "; ", "N validation errors detected");
///  - Query: ValidationError with the same message;
///  - JSON services with Query compatibility (SQS): MissingParameter "The request must contain the parameter
///    QueueName." or InvalidParameterValue "Value x for parameter Y is invalid. Reason: ...", for the first;
///  - REST-XML (S3): MissingParameter or InvalidArgument, worded as for SQS, for the first.
/// A string that is not UTF-8 (Kind::Encoding: a percent-decoded Query parameter or URI part) is
/// MalformedQueryString in Query, InvalidArgument in S3, SerializationException in JSON.
/// HTTP status 400.
[[nodiscard]] Error validation_error(const ServiceModel& model, const std::vector<Violation>& violations);

} // namespace cdk::aws::protocol
