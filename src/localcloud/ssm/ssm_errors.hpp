#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::ssm {

inline constexpr ErrorCode parameter_not_found{"ParameterNotFound", 400};
inline constexpr ErrorCode parameter_already_exists{"ParameterAlreadyExists", 400};
inline constexpr ErrorCode version_not_found{"ParameterVersionNotFound", 400};
inline constexpr ErrorCode validation{"ValidationException", 400};

} // namespace cdk::localcloud::ssm
