#pragma once

#include "localcloud/sts/role_sessions.hpp"

namespace cdk::localcloud::codebuild {

/// The path of the container-credentials endpoint on localcloud's own port.
inline constexpr const char* kCredentialsPath = "/_localcloud/codebuild/credentials";

/// The role sessions of running builds (sts::RoleSessions as codebuild.amazonaws.com): a build gets
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` (kCredentialsPath on loopback) and
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN` (the token `open` returns, session `AWSCodeBuild-<uuid>`).
class ContainerCredentials : public sts::RoleSessions {
public:
    explicit ContainerCredentials(CloudContext& cloud)
        : sts::RoleSessions(cloud, "codebuild.amazonaws.com") {}
};

} // namespace cdk::localcloud::codebuild
