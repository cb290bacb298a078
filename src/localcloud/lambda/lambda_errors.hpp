#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::lambda {

/// Lambda error codes (REST-JSON: `x-amzn-ErrorType`).
inline Error function_not_found(const std::string& arn) {
    return make_error("ResourceNotFoundException", "Function not found: " + arn, 404);
}
inline constexpr ErrorCode invalid_parameter{"InvalidParameterValueException", 400};
inline constexpr ErrorCode conflict{"ResourceConflictException", 409};
inline constexpr ErrorCode not_found{"ResourceNotFoundException", 404};
inline constexpr ErrorCode service_error{"ServiceException", 500};

} // namespace cdk::localcloud::lambda
