#pragma once

#include "core/error.hpp"

#include <string>

namespace cdk::localcloud::ssm {

inline Error parameter_not_found(std::string message) {
    return make_error("ParameterNotFound", std::move(message), 400);
}
inline Error parameter_already_exists(std::string message) {
    return make_error("ParameterAlreadyExists", std::move(message), 400);
}
inline Error version_not_found(std::string message) {
    return make_error("ParameterVersionNotFound", std::move(message), 400);
}
inline Error validation(std::string message) {
    return make_error("ValidationException", std::move(message), 400);
}

} // namespace cdk::localcloud::ssm
