#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::dynamodb {

/// DynamoDB's error codes (JSON 1.0 protocol).
inline constexpr ErrorCode validation{"ValidationException", 400};
inline constexpr ErrorCode not_found{"ResourceNotFoundException", 400, "Requested resource not found"};
inline constexpr ErrorCode in_use{"ResourceInUseException", 400};
inline constexpr ErrorCode conditional_check_failed{"ConditionalCheckFailedException", 400,
                                                    "The conditional request failed"};

} // namespace cdk::localcloud::dynamodb
