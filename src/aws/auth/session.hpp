#pragma once

#include "aws/auth/providers.hpp"
#include "aws/auth/shared_config.hpp"
#include "aws/client/aws_client.hpp"

#include <memory>
#include <string>

namespace cdk::aws::auth {

/// How a Session is set up; empty fields are resolved from the environment and the shared files.
struct SessionOptions {
    std::string profile;      ///< --profile; when set, environment access keys are ignored
    std::string region;       ///< --region
    std::string endpoint_url; ///< --endpoint-url, for every service
    Environment env = Environment::process();
    std::shared_ptr<http::HttpClient> http;
    http::RetryPolicy retry;
};

/// Resolved settings for talking to AWS: profile, region, credentials chain and endpoints, the way the
/// AWS SDKs resolve them. Cheap to copy; clients made from it share its credentials provider (and its
/// cache of assumed-role credentials).
class Session {
public:
    [[nodiscard]] static Result<Session> create(const SessionOptions& options = {});

    [[nodiscard]] const std::string& profile() const { return profile_; }
    [[nodiscard]] const std::string& region() const { return region_; }
    /// Where the region came from ("--region", "AWS_REGION", "profile 'p'", "default").
    [[nodiscard]] const std::string& region_source() const { return region_source_; }
    [[nodiscard]] const std::shared_ptr<CredentialsProvider>& credentials() const { return credentials_; }
    [[nodiscard]] const SharedConfig& shared_config() const { return *config_; }

    /// The endpoint for a service (botocore name), resolved in the SDK order: --endpoint-url,
    /// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's [services] section, the profile's
    /// endpoint_url, else the AWS default; the configured ones are skipped when
    /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's ignore_configured_endpoint_urls is true.
    [[nodiscard]] Result<Endpoint> endpoint_for(std::string_view service) const;
    /// A client configuration for a service (region, endpoint, credentials, http, retry).
    [[nodiscard]] Result<ClientConfig> client_config(std::string_view service) const;
    /// A generic client for a service.
    [[nodiscard]] Result<AwsClient> client(std::string_view service) const;

    /// A session acting as `role_arn`, assumed with this session's credentials at its STS endpoint
    /// (cached and refreshed). Used to act in another account.
    [[nodiscard]] Session assume_role(AssumeRoleParams params) const;

private:
    Session() = default;

    std::string profile_;
    std::string region_;
    std::string region_source_;
    std::string endpoint_url_;
    std::shared_ptr<const SharedConfig> config_;
    Environment env_ = Environment::process();
    std::shared_ptr<CredentialsProvider> credentials_;
    std::shared_ptr<http::HttpClient> http_;
    http::RetryPolicy retry_;
};

/// Resolves the endpoint of `service` for `profile` (see Session::endpoint_for).
[[nodiscard]] Result<Endpoint> resolve_endpoint(std::string_view service, const std::string& region,
                                                const SharedConfig& config, const std::string& profile,
                                                const Environment& env, const std::string& explicit_url);

/// The credentials chain: explicit profile; else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN;
/// else the profile (AWS_PROFILE or "default") with role_arn+source_profile/credential_source chains,
/// static keys or credential_process. Errors: ProfileNotFound, NoCredentials, InvalidProfile.
[[nodiscard]] Result<std::shared_ptr<CredentialsProvider>>
resolve_credentials(const SharedConfig& config, const Environment& env, const std::string& explicit_profile,
                    const std::string& region, const std::string& explicit_endpoint_url,
                    std::shared_ptr<http::HttpClient> http, const http::RetryPolicy& retry);

/// Where the session's credentials come from, in words (what `cdkpp whoami` prints).
[[nodiscard]] std::string describe_credentials_source(const Session& session);

} // namespace cdk::aws::auth
