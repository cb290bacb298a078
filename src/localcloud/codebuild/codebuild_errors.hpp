#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::codebuild {

/// CodeBuild's error codes (JSON 1.1 `__type`), all HTTP 400 as CodeBuild sends them.
inline constexpr ErrorCode invalid_input{"InvalidInputException", 400};
inline constexpr ErrorCode not_found{"ResourceNotFoundException", 400};
inline constexpr ErrorCode already_exists{"ResourceAlreadyExistsException", 400};
inline constexpr ErrorCode limit_exceeded{"AccountLimitExceededException", 400};
inline constexpr ErrorCode internal_error{"InternalFailure", 500};

} // namespace cdk::localcloud::codebuild
