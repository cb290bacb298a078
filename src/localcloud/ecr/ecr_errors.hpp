#pragma once

#include "core/error.hpp"

#include <string>

namespace cdk::localcloud::ecr {

/// ECR error codes (JSON 1.1 protocol).
inline Error repository_not_found(const std::string& name, const std::string& account) {
    return make_error("RepositoryNotFoundException",
                      "The repository with name '" + name + "' does not exist in the registry with id '" +
                          account + "'",
                      400);
}
inline Error repository_exists(const std::string& name, const std::string& account) {
    return make_error("RepositoryAlreadyExistsException",
                      "The repository with name '" + name + "' already exists in the registry with id '" +
                          account + "'",
                      400);
}
inline Error invalid_parameter(std::string message) {
    return make_error("InvalidParameterException", std::move(message), 400);
}
inline Error policy_not_found(const std::string& name, const std::string& account) {
    return make_error("RepositoryPolicyNotFoundException",
                      "Repository policy does not exist for the repository with "
                      "name '" +
                          name + "' in the registry with id '" + account + "'",
                      400);
}
inline Error lifecycle_not_found(const std::string& name, const std::string& account) {
    return make_error("LifecyclePolicyNotFoundException",
                      "Lifecycle policy does not exist for the repository with "
                      "name '" +
                          name + "' in the registry with id '" + account + "'",
                      400);
}

} // namespace cdk::localcloud::ecr
