#pragma once

#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace cdk::localcloud::sts {

/// One role session localcloud holds for what runs inside it.
struct RoleSession {
    std::string account;
    std::string role_arn;
    std::string session_name;
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;
    std::string expiration; ///< ISO 8601
    std::chrono::system_clock::time_point expires;
    Caller caller;
};

/// The role sessions of what runs inside localcloud as a role: CodeBuild builds (served as CodeBuild and ECS
/// serve them, through the container-credentials endpoint) and Lambda invocations (as environment variables).
/// Each session is assumed as `service_principal` (the role's trust policy must admit it) for an hour and
/// assumed again when less than 15 minutes are left, so SDKs that refresh before expiry always get a valid
/// one.
///
/// Sessions are held by a token: `open` makes a new secret one (a build's
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`: a GET of the endpoint with it in `Authorization` answers
/// {AccessKeyId, SecretAccessKey, Token, Expiration, RoleArn}); `session` keeps one under a key of the
/// caller's choosing (a function's ARN) and assumes the role again when the key's role changes.
class RoleSessions {
public:
    RoleSessions(CloudContext& cloud, std::string service_principal)
        : cloud_(cloud), service_principal_(std::move(service_principal)) {}

    /// Assumes `role_arn` (session `session_name`) and returns a new token for it. Fails with the reason STS
    /// gives when the role cannot be assumed by the service.
    [[nodiscard]] Result<std::string> open(const std::string& account, const std::string& role_arn,
                                           const std::string& session_name);
    /// The session held under `key`, assumed (again) when there is none, its role is not `role_arn`, or it is
    /// near expiry.
    [[nodiscard]] Result<RoleSession> session(const std::string& key, const std::string& account,
                                              const std::string& role_arn, const std::string& session_name);
    /// The token's current session (assumed again when near expiry).
    [[nodiscard]] Result<RoleSession> current(const std::string& token);
    [[nodiscard]] Result<Caller> caller(const std::string& token);
    void close(const std::string& token);
    /// The container-credentials endpoint (registered in CloudContext::internal_endpoints).
    [[nodiscard]] ServerResponse handle(const ServerRequest& request);

private:
    [[nodiscard]] Result<RoleSession> assume(const std::string& account, const std::string& role_arn,
                                             const std::string& session_name);

    CloudContext& cloud_;
    std::string service_principal_;
    std::mutex mutex_;
    std::map<std::string, RoleSession> sessions_;
};

} // namespace cdk::localcloud::sts
