#pragma once

#include "core/error.hpp"

#include <string>
#include <utility>

namespace cdk::localcloud {

/// One error code of a service's API and the HTTP status the service sends it with. A service's
/// `<svc>_errors.hpp` names its codes once, `inline constexpr ErrorCode
/// not_found{"ResourceNotFoundException", 400};`, and `not_found("…")` is that error; `default_message` is
/// what `not_found()` says.
struct ErrorCode {
    const char* code;
    int status;
    const char* default_message = "";

    [[nodiscard]] Error operator()(std::string message) const {
        return make_error(code, std::move(message), status);
    }
    [[nodiscard]] Error operator()() const { return make_error(code, default_message, status); }
};

/// Coral's message for a member that breaks its constraint: `1 validation error detected: Value '<value>' at
/// '<member>' failed to satisfy constraint: Member must <rule>` (the services' validation errors say it).
[[nodiscard]] inline std::string constraint_message(const std::string& member, const std::string& value,
                                                    const std::string& rule) {
    return "1 validation error detected: Value '" + value + "' at '" + member +
           "' failed to satisfy constraint: Member must " + rule;
}

} // namespace cdk::localcloud
