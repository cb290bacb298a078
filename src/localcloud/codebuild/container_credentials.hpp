#pragma once

#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace cdk::localcloud::codebuild {

/// The path of the container-credentials endpoint on localcloud's own port.
inline constexpr const char* kCredentialsPath = "/_localcloud/codebuild/credentials";

/// The role sessions of running builds, served as CodeBuild (and ECS) serve them: a build gets
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` (this endpoint on loopback) and `AWS_CONTAINER_AUTHORIZATION_TOKEN` (a
/// secret of its own); a GET with that token in `Authorization` answers {AccessKeyId, SecretAccessKey, Token,
/// Expiration, RoleArn}. The session is assumed as codebuild.amazonaws.com (the role's trust policy must admit
/// it) for an hour and assumed again when less than 15 minutes are left, so SDKs that refresh before expiry
/// always get a valid one.
class ContainerCredentials {
public:
    explicit ContainerCredentials(CloudContext& cloud) : cloud_(cloud) {}

    /// Assumes `role_arn` for a build (session `AWSCodeBuild-<uuid>`) and returns the build's token. Fails with
    /// the reason STS gives when the role cannot be assumed by CodeBuild.
    [[nodiscard]] Result<std::string> open(const std::string& account, const std::string& role_arn,
                                           const std::string& session_name);
    /// The build's current session (assumed again when near expiry).
    [[nodiscard]] Result<Caller> caller(const std::string& token);
    void close(const std::string& token);
    /// The endpoint (registered in CloudContext::internal_endpoints).
    [[nodiscard]] HttpResponse handle(const HttpRequest& request);

private:
    struct Session {
        std::string account;
        std::string role_arn;
        std::string session_name;
        std::string access_key_id;
        std::string secret_access_key;
        std::string session_token;
        std::string expiration;  ///< ISO 8601
        std::chrono::system_clock::time_point expires;
        Caller caller;
    };
    [[nodiscard]] Result<Session> assume(const std::string& account, const std::string& role_arn,
                                         const std::string& session_name);
    /// The session of `token`, refreshed when near expiry; under `mutex_`.
    [[nodiscard]] Result<Session> current(const std::string& token);

    CloudContext& cloud_;
    std::mutex mutex_;
    std::map<std::string, Session> sessions_;
};

} // namespace cdk::localcloud::codebuild
