#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::iam {

/// IAM's error codes (Query protocol; rendered by localcloud/protocol).
inline constexpr ErrorCode no_such_entity{"NoSuchEntity", 404};
inline constexpr ErrorCode entity_already_exists{"EntityAlreadyExists", 409};
inline constexpr ErrorCode malformed_policy{"MalformedPolicyDocument", 400};
inline constexpr ErrorCode delete_conflict{"DeleteConflict", 409};
inline constexpr ErrorCode validation_error{"ValidationError", 400};
inline Error access_denied(std::string message, std::string code = "AccessDenied") {
    return make_error(std::move(code), std::move(message), 403);
}

} // namespace cdk::localcloud::iam
