#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"

#include <optional>
#include <string>

namespace cdk::aws::codebuild {

/// Typed client for AWS CodeBuild: what the toolkit reads of a build.
class CodeBuildClient {
public:
    explicit CodeBuildClient(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<CodeBuildClient> create(const auth::Session& session);

    /// BatchGetBuilds of one build: the build object, nullopt when CodeBuild does not know the id.
    [[nodiscard]] Result<std::optional<Json>> get_build(const std::string& id) const;

    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    AwsClient client_;
};

} // namespace cdk::aws::codebuild
