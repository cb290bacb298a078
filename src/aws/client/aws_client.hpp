#pragma once

#include "aws/client/credentials_provider.hpp"
#include "aws/client/endpoints.hpp"
#include "aws/http/http_client.hpp"
#include "aws/http/retry.hpp"
#include "aws/protocol/model.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace cdk::aws {

/// Everything a service client needs besides its model.
struct ClientConfig {
    std::string region = "us-east-1";
    Endpoint endpoint; ///< empty url: the AWS default for the region
    std::shared_ptr<CredentialsProvider> credentials;
    std::shared_ptr<http::HttpClient> http; ///< null: the shared libcurl client
    http::RetryPolicy retry;
    http::RequestOptions request_options;
    std::string user_agent = "cdkpp/0.1.0";
};

/// A generic AWS API client: serialises an operation's input with the model codec, signs it with SigV4,
/// sends it with retries (re-signed on every attempt), and parses the response or the AWS error. Typed
/// clients (StsClient, CloudFormationClient, ...) are thin layers over `call`.
class AwsClient {
public:
    AwsClient(const protocol::ServiceModel& model, ClientConfig config);
    /// Client for an embedded model by botocore service name ("sts", "s3", ...).
    [[nodiscard]] static Result<AwsClient> create(std::string_view service, ClientConfig config);

    /// Calls `operation`; the result is the parsed output (see protocol/codec.hpp for the Json form).
    [[nodiscard]] Result<Json> call(std::string_view operation, const Json& input = Json::object()) const;
    /// A presigned URL for `operation` (S3 GetObject/PutObject), valid for `expires`.
    [[nodiscard]] Result<std::string> presign(std::string_view operation, const Json& input,
                                              std::chrono::seconds expires) const;

    [[nodiscard]] const ClientConfig& config() const { return config_; }
    [[nodiscard]] const protocol::ServiceModel& model() const { return *model_; }

    /// True for operations that may be repeated safely (GET/HEAD/PUT/DELETE, Get*/List*/Describe*/Head*,
    /// or an idempotency token in the input).
    [[nodiscard]] bool is_idempotent(std::string_view operation) const;

private:
    [[nodiscard]] Result<ClientRequest> build(std::string_view operation, const Json& input) const;

    const protocol::ServiceModel* model_;
    ClientConfig config_;
};

} // namespace cdk::aws
