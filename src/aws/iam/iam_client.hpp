#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"

#include <optional>

namespace cdk::aws::iam {

/// Typed client for AWS IAM roles (read side; the toolkit inspects bootstrap roles and trust policies).
class IamClient {
public:
    explicit IamClient(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<IamClient> create(const auth::Session& session);

    /// The Role object (RoleName, Arn, AssumeRolePolicyDocument as a decoded JSON value), or nullopt
    /// when it does not exist.
    [[nodiscard]] Result<std::optional<Json>> get_role(const std::string& name) const;
    /// Every role (optionally under a path prefix).
    [[nodiscard]] Result<std::vector<Json>> list_roles(const std::string& path_prefix = "") const;
    [[nodiscard]] Result<std::vector<std::string>> list_role_policies(const std::string& role) const;
    /// An inline policy document, decoded.
    [[nodiscard]] Result<Json> get_role_policy(const std::string& role, const std::string& policy) const;
    [[nodiscard]] Result<std::vector<Json>> list_attached_role_policies(const std::string& role) const;

    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    AwsClient client_;
};

/// IAM returns policy documents URL-encoded; this decodes and parses one (the raw text when not JSON).
[[nodiscard]] Json decode_policy_document(const std::string& text);

} // namespace cdk::aws::iam
