#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"

namespace cdk::aws::sts {

/// Who the caller is (sts:GetCallerIdentity).
struct CallerIdentity {
    std::string account;
    std::string arn;
    std::string user_id;
};

/// The result of sts:AssumeRole.
struct AssumedRole {
    Credentials credentials;
    std::string assumed_role_arn;
    std::string assumed_role_id;
};

/// Typed client for AWS STS.
class StsClient {
public:
    explicit StsClient(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<StsClient> create(const auth::Session& session);

    [[nodiscard]] Result<CallerIdentity> get_caller_identity() const;
    [[nodiscard]] Result<AssumedRole> assume_role(const auth::AssumeRoleParams& params) const;
    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    AwsClient client_;
};

} // namespace cdk::aws::sts
