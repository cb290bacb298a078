#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::logs {

/// CloudWatch Logs error codes (JSON 1.1 protocol) with AWS's messages.
inline constexpr ErrorCode invalid_parameter{"InvalidParameterException", 400};
inline constexpr ErrorCode not_found{"ResourceNotFoundException", 400};
inline constexpr ErrorCode already_exists{"ResourceAlreadyExistsException", 400};
inline Error group_not_found() {
    return not_found("The specified log group does not exist.");
}
inline Error stream_not_found() {
    return not_found("The specified log stream does not exist.");
}

} // namespace cdk::localcloud::logs
