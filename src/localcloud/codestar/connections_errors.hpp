#pragma once

#include "core/error.hpp"
#include "core/strings.hpp"
#include "localcloud/server/service_errors.hpp"

#include <fmt/format.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::localcloud::codestar {

// CodeStar Connections' errors (JSON 1.0: `__type` and `message`), with the messages its validation gives.

inline constexpr ErrorCode validation_error{"ValidationException", 400};

/// `1 validation error detected: Value 'V' at 'member' failed to satisfy constraint: Member must have length
/// …`
[[nodiscard]] inline Error length_error(std::string_view member, std::string_view value,
                                        std::string_view bound) {
    return validation_error(
        fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: "
                    "Member must have length {}",
                    strings::to_valid_utf8(value), member, bound));
}

[[nodiscard]] inline Error enum_error(std::string_view member, std::string_view value,
                                      const std::set<std::string>& set) {
    return validation_error(
        fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: "
                    "Member must satisfy enum value set: [{}]",
                    strings::to_valid_utf8(value), member,
                    strings::join(std::vector<std::string>(set.begin(), set.end()), ", ")));
}

inline constexpr ErrorCode resource_not_found{"ResourceNotFoundException", 400};

[[nodiscard]] inline Error connection_not_found(std::string_view arn) {
    return resource_not_found(fmt::format("Connection {} does not exist", strings::to_valid_utf8(arn)));
}

inline constexpr ErrorCode limit_exceeded{"LimitExceededException", 400};

} // namespace cdk::localcloud::codestar
