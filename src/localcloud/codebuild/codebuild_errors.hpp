#pragma once

#include "core/error.hpp"

#include <string>

namespace cdk::localcloud::codebuild {

/// CodeBuild's error codes (JSON 1.1 `__type`), all HTTP 400 as CodeBuild sends them.
inline Error invalid_input(std::string message) {
    return make_error("InvalidInputException", std::move(message), 400);
}
inline Error not_found(std::string message) {
    return make_error("ResourceNotFoundException", std::move(message), 400);
}
inline Error already_exists(std::string message) {
    return make_error("ResourceAlreadyExistsException", std::move(message), 400);
}
inline Error limit_exceeded(std::string message) {
    return make_error("AccountLimitExceededException", std::move(message), 400);
}
inline Error internal_error(std::string message) {
    return make_error("InternalFailure", std::move(message), 500);
}

} // namespace cdk::localcloud::codebuild
