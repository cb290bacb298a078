#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::secretsmanager {

/// Secrets Manager error codes (JSON 1.1 protocol) with AWS's messages.
inline constexpr ErrorCode invalid_parameter{"InvalidParameterException", 400};
inline constexpr ErrorCode invalid_request{"InvalidRequestException", 400};
inline constexpr ErrorCode not_found{"ResourceNotFoundException", 400,
                                     "Secrets Manager can't find the specified secret."};
inline constexpr ErrorCode exists{"ResourceExistsException", 400};
inline constexpr ErrorCode malformed_policy{"MalformedPolicyDocumentException", 400};
inline Error marked_for_deletion() {
    return invalid_request(
        "You can't perform this operation on the secret because it was marked for deletion.");
}

} // namespace cdk::localcloud::secretsmanager
