#pragma once

#include "core/error.hpp"

#include <string>

namespace cdk::localcloud::dynamodb {

/// DynamoDB's error codes (JSON 1.0 protocol).
inline Error validation(std::string message) {
    return make_error("ValidationException", std::move(message), 400);
}
inline Error not_found(std::string message = "Requested resource not found") {
    return make_error("ResourceNotFoundException", std::move(message), 400);
}
inline Error in_use(std::string message) {
    return make_error("ResourceInUseException", std::move(message), 400);
}
inline Error conditional_check_failed() {
    return make_error("ConditionalCheckFailedException", "The conditional request failed", 400);
}

} // namespace cdk::localcloud::dynamodb
