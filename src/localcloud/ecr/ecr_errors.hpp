#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::ecr {

/// ECR error codes (JSON 1.1 protocol).
inline constexpr ErrorCode invalid_parameter{"InvalidParameterException", 400};

/// An error about the repository `name` in the registry of `account`, in ECR's words: `<head> name '<name>'
/// <relation> the registry with id '<account>'`.
inline Error repository_error(const char* code, const char* head, const std::string& name,
                              const char* relation, const std::string& account) {
    return make_error(code,
                      std::string(head) + " name '" + name + "' " + relation + " the registry with id '" +
                          account + "'",
                      400);
}
inline Error repository_not_found(const std::string& name, const std::string& account) {
    return repository_error("RepositoryNotFoundException", "The repository with", name, "does not exist in",
                            account);
}
inline Error repository_exists(const std::string& name, const std::string& account) {
    return repository_error("RepositoryAlreadyExistsException", "The repository with", name,
                            "already exists in", account);
}
inline Error policy_not_found(const std::string& name, const std::string& account) {
    return repository_error("RepositoryPolicyNotFoundException",
                            "Repository policy does not exist for the repository with", name, "in", account);
}
inline Error lifecycle_not_found(const std::string& name, const std::string& account) {
    return repository_error("LifecyclePolicyNotFoundException",
                            "Lifecycle policy does not exist for the repository with", name, "in", account);
}

} // namespace cdk::localcloud::ecr
