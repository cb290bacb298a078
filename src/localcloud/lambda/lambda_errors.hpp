#pragma once

#include "core/error.hpp"

#include <string>

namespace cdk::localcloud::lambda {

/// Lambda error codes (REST-JSON: `x-amzn-ErrorType`).
inline Error function_not_found(const std::string& arn) {
    return make_error("ResourceNotFoundException", "Function not found: " + arn, 404);
}
inline Error invalid_parameter(std::string message) {
    return make_error("InvalidParameterValueException", std::move(message), 400);
}
inline Error conflict(std::string message) {
    return make_error("ResourceConflictException", std::move(message), 409);
}
inline Error not_found(std::string message) {
    return make_error("ResourceNotFoundException", std::move(message), 404);
}
inline Error service_error(std::string message) {
    return make_error("ServiceException", std::move(message), 500);
}

} // namespace cdk::localcloud::lambda
