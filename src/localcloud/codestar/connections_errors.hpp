#pragma once

#include "core/error.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::localcloud::codestar {

// CodeStar Connections' errors (JSON 1.0: `__type` and `message`), with the messages its validation gives.

[[nodiscard]] inline Error validation_error(std::string message) {
    return make_error("ValidationException", std::move(message), 400);
}

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

[[nodiscard]] inline Error resource_not_found(std::string message) {
    return make_error("ResourceNotFoundException", std::move(message), 400);
}

[[nodiscard]] inline Error connection_not_found(std::string_view arn) {
    return resource_not_found(fmt::format("Connection {} does not exist", strings::to_valid_utf8(arn)));
}

[[nodiscard]] inline Error limit_exceeded(std::string message) {
    return make_error("LimitExceededException", std::move(message), 400);
}

} // namespace cdk::localcloud::codestar
