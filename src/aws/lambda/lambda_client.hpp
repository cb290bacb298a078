#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"

namespace cdk::aws::lambda {

/// The result of lambda:Invoke.
struct InvokeResult {
    int status_code = 0;
    std::string payload;
    std::string function_error; ///< "Unhandled" when the function threw
    std::string executed_version;
};

/// Typed client for AWS Lambda (invoke, get).
class LambdaClient {
public:
    explicit LambdaClient(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<LambdaClient> create(const auth::Session& session);

    /// GetFunction: {Configuration, Code, Tags}.
    [[nodiscard]] Result<Json> get_function(const std::string& name) const;
    /// Synchronous invoke with a JSON payload.
    [[nodiscard]] Result<InvokeResult> invoke(const std::string& name, const std::string& payload) const;

    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    AwsClient client_;
};

} // namespace cdk::aws::lambda
