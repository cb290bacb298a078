#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::kms {

/// KMS error codes (JSON 1.1 protocol).
inline constexpr ErrorCode not_found{"NotFoundException", 400};
inline constexpr ErrorCode invalid_ciphertext{"InvalidCiphertextException", 400};
inline constexpr ErrorCode already_exists{"AlreadyExistsException", 400};
inline constexpr ErrorCode disabled{"DisabledException", 400};
inline constexpr ErrorCode malformed_policy{"MalformedPolicyDocumentException", 400};
inline constexpr ErrorCode validation{"ValidationException", 400};

} // namespace cdk::localcloud::kms
