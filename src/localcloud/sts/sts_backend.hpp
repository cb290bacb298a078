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
    std::string expiration; ///< ISO-8601
    std::string assumed_role_id;
    std::string arn;
};

/// A role session taken on behalf of an AWS service principal (cloudformation.amazonaws.com,
/// codebuild.amazonaws.com): its credentials and the session as the caller they authenticate.
struct ServiceSession {
    AssumedRole credentials;
    Caller caller;
};

/// STS: evaluates the target role's trust policy (cross-account included) and the caller's identity
/// policies for sts:AssumeRole, enforces session duration limits and role chaining, and issues
/// temporary credentials in the role's account.
class StsBackend {
public:
    explicit StsBackend(iam::IamBackend& iam) : iam_(iam) {}

    [[nodiscard]] Result<AssumedRole> assume_role(Tx& tx, const Caller& caller,
                                                  const AssumeRoleRequest& request,
                                                  const iam::Context& context,
                                                  std::chrono::system_clock::time_point now);

    /// AssumeRole as the service principal `service` (e.g. "codebuild.amazonaws.com") of `account`: the
    /// role's trust policy must admit that service, as on AWS when a service acts with a customer's role.
    [[nodiscard]] Result<ServiceSession> assume_role_as_service(Tx& tx, const std::string& service,
                                                                const std::string& account,
                                                                const AssumeRoleRequest& request,
                                                                const iam::Context& context,
                                                                std::chrono::system_clock::time_point now);

private:
    iam::IamBackend& iam_;
};

} // namespace cdk::localcloud::sts
