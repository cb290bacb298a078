#pragma once

#include "core/error.hpp"

#include <string>

namespace cdk::localcloud::logs {

/// CloudWatch Logs error codes (JSON 1.1 protocol) with AWS's messages.
inline Error invalid_parameter(std::string message) {
    return make_error("InvalidParameterException", std::move(message), 400);
}
inline Error not_found(std::string message) {
    return make_error("ResourceNotFoundException", std::move(message), 400);
}
inline Error already_exists(std::string message) {
    return make_error("ResourceAlreadyExistsException", std::move(message), 400);
}
inline Error group_not_found() {
    return not_found("The specified log group does not exist.");
}
inline Error stream_not_found() {
    return not_found("The specified log stream does not exist.");
}

} // namespace cdk::localcloud::logs
