#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/state/store.hpp"

#include <chrono>
#include <string>

namespace cdk::localcloud::sts {

/// AssumeRole input.
struct AssumeRoleRequest {
    std::string role_arn;
    std::string session_name;
    int duration_seconds = 3600;
    std::string external_id;
};

/// Temporary credentials issued by AssumeRole.
struct AssumedRole {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;
    std::string expiration;  ///< ISO-8601
    std::string assumed_role_id;
    std::string arn;
};

/// STS: evaluates the target role's trust policy (cross-account included) and the caller's identity
/// policies for sts:AssumeRole, enforces session duration limits and role chaining, and issues
/// temporary credentials in the role's account.
class StsBackend {
public:
    explicit StsBackend(iam::IamBackend& iam) : iam_(iam) {}

    [[nodiscard]] Result<AssumedRole> assume_role(Tx& tx, const Caller& caller, const AssumeRoleRequest& request,
                                                  const iam::Context& context,
                                                  std::chrono::system_clock::time_point now);

private:
    iam::IamBackend& iam_;
};

} // namespace cdk::localcloud::sts
