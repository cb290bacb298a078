#pragma once

#include "localcloud/iam/policy_evaluator.hpp"

#include <string>

namespace cdk::localcloud {

/// The authenticated identity behind a request (resolved from its access key).
struct Caller {
    iam::Principal principal;
    std::string access_key_id;
    /// "root", "user" or "session".
    std::string type;
    std::string user_id;
    std::string user_name; ///< for users
    std::string role_name; ///< for sessions
    std::string session_name;
    std::string session_token;
    /// 0 for long-term keys; 1 for credentials from AssumeRole (role chaining is limited to 1 hour).
    int chain_depth = 0;

    [[nodiscard]] const std::string& account() const { return principal.account; }
    [[nodiscard]] const std::string& arn() const { return principal.arn; }
};

} // namespace cdk::localcloud
