#pragma once

#include "core/error.hpp"

#include <string>

namespace cdk::localcloud::secretsmanager {

/// Secrets Manager error codes (JSON 1.1 protocol) with AWS's messages.
inline Error invalid_parameter(std::string message) {
    return make_error("InvalidParameterException", std::move(message), 400);
}
inline Error invalid_request(std::string message) {
    return make_error("InvalidRequestException", std::move(message), 400);
}
inline Error not_found(std::string message = "Secrets Manager can't find the specified secret.") {
    return make_error("ResourceNotFoundException", std::move(message), 400);
}
inline Error exists(std::string message) {
    return make_error("ResourceExistsException", std::move(message), 400);
}
inline Error malformed_policy(std::string message) {
    return make_error("MalformedPolicyDocumentException", std::move(message), 400);
}
inline Error marked_for_deletion() {
    return invalid_request(
        "You can't perform this operation on the secret because it was marked for deletion.");
}

} // namespace cdk::localcloud::secretsmanager
