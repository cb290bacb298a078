#pragma once

#include "aws/client/aws_client.hpp"
#include "aws/client/credentials_provider.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cdk::aws::auth {

/// Temporary credentials are refreshed this long before they expire.
inline constexpr std::chrono::minutes kRefreshBeforeExpiry{5};

/// Runs a profile's `credential_process` and parses its JSON (Version 1: AccessKeyId, SecretAccessKey,
/// SessionToken, Expiration); caches the result until shortly before it expires.
class ProcessCredentialsProvider final : public CredentialsProvider {
public:
    ProcessCredentialsProvider(std::string command, std::string description);
    [[nodiscard]] Result<Credentials> credentials() override;
    [[nodiscard]] std::string describe() const override { return description_; }

private:
    std::string command_;
    std::string description_;
    std::mutex mutex_;
    std::optional<Credentials> cached_;
};

/// Parameters of an sts:AssumeRole call.
struct AssumeRoleParams {
    std::string role_arn;
    std::string session_name; ///< empty: "cdkpp-<epoch millis>"
    std::string external_id;
    int duration_seconds = 3600;
};

/// Credentials of an assumed role: calls sts:AssumeRole with the source credentials at the given STS
/// endpoint, caches them and assumes again shortly before they expire. Thread-safe.
class AssumeRoleCredentialsProvider final : public CredentialsProvider {
public:
    /// `sts_config` is the STS client configuration (region, endpoint, http, retry); its credentials are
    /// replaced by `source`.
    AssumeRoleCredentialsProvider(std::shared_ptr<CredentialsProvider> source, AssumeRoleParams params,
                                  ClientConfig sts_config, std::string description);
    [[nodiscard]] Result<Credentials> credentials() override;
    [[nodiscard]] std::string describe() const override { return description_; }
    /// How many AssumeRole calls were made (tests check caching).
    [[nodiscard]] int assume_count() const { return assume_count_; }
    /// The identity of the source credentials, for messages.
    [[nodiscard]] const CredentialsProvider& source() const { return *source_; }

private:
    std::shared_ptr<CredentialsProvider> source_;
    AssumeRoleParams params_;
    ClientConfig sts_config_;
    std::string description_;
    std::mutex mutex_;
    std::optional<Credentials> cached_;
    int assume_count_ = 0;
};

/// Credentials served over HTTP the way CodeBuild and ECS hand them to a build or task:
/// GET `uri` (AWS_CONTAINER_CREDENTIALS_FULL_URI, or http://169.254.170.2 +
/// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) with `Authorization: <token>` (AWS_CONTAINER_AUTHORIZATION_TOKEN,
/// or the contents of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, read on every fetch) answering
/// `{AccessKeyId, SecretAccessKey, Token, Expiration}`; cached until shortly before they expire. Plain http
/// is accepted only for loopback and the container hosts 169.254.170.2 / 169.254.170.23, as the AWS SDKs do.
class ContainerCredentialsProvider final : public CredentialsProvider {
public:
    ContainerCredentialsProvider(std::string uri, std::string token, std::string token_file,
                                 std::shared_ptr<http::HttpClient> http);
    [[nodiscard]] Result<Credentials> credentials() override;
    [[nodiscard]] std::string describe() const override { return "container credentials from " + uri_; }

private:
    std::string uri_;
    std::string token_;
    std::string token_file_;
    std::shared_ptr<http::HttpClient> http_;
    std::mutex mutex_;
    std::optional<Credentials> cached_;
};

/// True when `credentials` expire within kRefreshBeforeExpiry of `now`.
[[nodiscard]] bool needs_refresh(const Credentials& credentials, std::chrono::system_clock::time_point now);

} // namespace cdk::aws::auth
