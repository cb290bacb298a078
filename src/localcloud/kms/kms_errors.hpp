#pragma once

#include "core/error.hpp"

#include <string>

namespace cdk::localcloud::kms {

/// KMS error codes (JSON 1.1 protocol).
inline Error not_found(std::string message) {
    return make_error("NotFoundException", std::move(message), 400);
}
inline Error invalid_ciphertext(std::string message) {
    return make_error("InvalidCiphertextException", std::move(message), 400);
}
inline Error already_exists(std::string message) {
    return make_error("AlreadyExistsException", std::move(message), 400);
}
inline Error disabled(std::string message) {
    return make_error("DisabledException", std::move(message), 400);
}
inline Error malformed_policy(std::string message) {
    return make_error("MalformedPolicyDocumentException", std::move(message), 400);
}
inline Error validation(std::string message) {
    return make_error("ValidationException", std::move(message), 400);
}

} // namespace cdk::localcloud::kms
