#pragma once

#include "assembly/environment.hpp"
#include "aws/auth/session.hpp"
#include "core/result.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace cdk::toolkit {

/// An environment with account and region known, and its partition.
struct ResolvedEnvironment {
    std::string account;
    std::string region;
    std::string partition = "aws";

    /// `aws://account/region`.
    [[nodiscard]] std::string to_string() const { return "aws://" + account + "/" + region; }
};

/// The partition of a region: aws-cn for cn-*, aws-us-gov for us-gov-*, else aws.
[[nodiscard]] std::string partition_of(const std::string& region);

/// Replaces `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}` as the CDK CLI does for the
/// role ARNs, bucket names and object keys of a manifest.
[[nodiscard]] std::string substitute_placeholders(const std::string& text, const ResolvedEnvironment& env);

/// The user's AWS settings (profile, region, endpoint) and sessions made from them: one per region, and
/// the caller's identity, looked up once. Thread-safe: deploys to several environments share one.
class SessionPool {
public:
    explicit SessionPool(aws::auth::SessionOptions options) : options_(std::move(options)) {}

    /// The session for a region (the user's credentials; the default region when `region` is empty).
    [[nodiscard]] Result<aws::auth::Session> for_region(const std::string& region);
    /// The account of the current credentials (sts:GetCallerIdentity, once). Expired credentials come back
    /// as `ExpiredCredentials` with a message that says how to renew them.
    [[nodiscard]] Result<std::string> caller_account();
    /// The ARN of the current credentials.
    [[nodiscard]] Result<std::string> caller_arn();
    /// Fills unknown account/region of a stack's environment from the credentials and default region.
    [[nodiscard]] Result<ResolvedEnvironment> resolve(const assembly::Environment& env);

private:
    [[nodiscard]] Result<void> look_up_caller();

    aws::auth::SessionOptions options_;
    std::mutex mutex_;
    std::map<std::string, aws::auth::Session> sessions_;
    std::string caller_account_;
    std::string caller_arn_;
};

/// Turns an error of an AWS call into one that says what to do when it is about credentials
/// (expired or invalid tokens: `ExpiredCredentials`); other errors are returned unchanged.
[[nodiscard]] Error explain_credentials_error(const Error& error);

} // namespace cdk::toolkit
