#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/server/service.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace cdk::localcloud {

/// Calls to other localcloud services made by a service itself as a role session (a CodeBuild build's role,
/// a CodePipeline pipeline or action role), in process through the service registry (so each service
/// authorizes them exactly as it authorizes the same call over HTTP: identity policies, bucket and key
/// policies, KMS). Errors are the service's own (AccessDenied …).
class ServiceCalls {
public:
    ServiceCalls(ServiceRegistry& services, Caller caller, std::string region)
        : services_(services), caller_(std::move(caller)), region_(std::move(region)) {}

    /// Condition keys added to every call (SNS delivering sets aws:SourceArn and aws:SourceAccount, which the
    /// called resource's policy checks).
    ServiceCalls& with_context(iam::Context extra) {
        extra_context_ = std::move(extra);
        return *this;
    }

    /// A JSON 1.1 call (`X-Amz-Target: <target>`), e.g. ("ssm", "AmazonSSM.GetParameter", {...}).
    [[nodiscard]] Result<Json> json_call(const std::string& service, const std::string& target,
                                         const Json& input);
    /// Any operation of a model-driven service (`service` is the model's name in src/aws/models:
    /// "cloudformation", "kms", "s3" …): the request is written by the model-driven codec as a client would
    /// send it, handled by the service, and its response decoded by the same codec. Errors are the service's
    /// own (code, message).
    [[nodiscard]] Result<Json> call(const std::string& service, const std::string& operation,
                                    const Json& input);
    /// s3:GetObject of `bucket`/`key` into the file `to`.
    [[nodiscard]] Result<void> s3_get(const std::string& bucket, const std::string& key,
                                      const std::filesystem::path& to);
    /// s3:PutObject of the file `from` as `bucket`/`key`.
    [[nodiscard]] Result<void> s3_put(const std::string& bucket, const std::string& key,
                                      const std::filesystem::path& from, const std::string& content_type,
                                      const std::vector<std::pair<std::string, std::string>>& headers = {});

private:
    [[nodiscard]] Result<ServerResponse> send(Service& service, ServerRequest& http);

    ServiceRegistry& services_;
    Caller caller_;
    std::string region_;
    iam::Context extra_context_;
};

} // namespace cdk::localcloud
