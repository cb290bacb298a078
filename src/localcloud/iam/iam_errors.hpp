#pragma once

#include "core/error.hpp"

#include <string>

namespace cdk::localcloud::iam {

/// IAM's error codes (Query protocol; rendered by localcloud/protocol).
inline Error no_such_entity(std::string message) {
    return make_error("NoSuchEntity", std::move(message), 404);
}
inline Error entity_already_exists(std::string message) {
    return make_error("EntityAlreadyExists", std::move(message), 409);
}
inline Error malformed_policy(std::string message) {
    return make_error("MalformedPolicyDocument", std::move(message), 400);
}
inline Error delete_conflict(std::string message) {
    return make_error("DeleteConflict", std::move(message), 409);
}
inline Error validation_error(std::string message) {
    return make_error("ValidationError", std::move(message), 400);
}
inline Error access_denied(std::string message, std::string code = "AccessDenied") {
    return make_error(std::move(code), std::move(message), 403);
}

} // namespace cdk::localcloud::iam
