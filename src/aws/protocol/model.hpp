#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cdk::aws::protocol {

/// The wire protocols of the AWS APIs.
enum class Protocol { Query, Json, RestXml, RestJson };
[[nodiscard]] std::string_view to_string(Protocol protocol);

/// One AWS API model (the botocore service-2.json subset in src/aws/models, embedded at build time):
/// metadata, operations with their HTTP binding, and shapes.
class ServiceModel {
public:
    ServiceModel(std::string service, Json doc);

    /// The embedded model for a botocore service name (sts, iam, cloudformation, s3, ssm, kms, lambda,
    /// codepipeline, codebuild). Loaded once, lives for the program. Error code UnknownService.
    [[nodiscard]] static Result<const ServiceModel*> get(std::string_view service);
    /// Names accepted by get().
    [[nodiscard]] static std::vector<std::string> embedded_services();

    [[nodiscard]] const std::string& service() const { return service_; }
    [[nodiscard]] Protocol protocol() const { return protocol_; }
    [[nodiscard]] const Json& metadata() const { return doc_["metadata"]; }
    /// A metadata string (apiVersion, targetPrefix, jsonVersion, xmlNamespace, ...), empty when absent.
    [[nodiscard]] std::string meta(std::string_view key) const;
    /// The SigV4 signing name (signingName, else endpointPrefix).
    [[nodiscard]] std::string signing_name() const;

    /// The operation's model, or nullptr.
    [[nodiscard]] const Json* find_operation(std::string_view name) const;
    [[nodiscard]] std::vector<std::string> operation_names() const;
    /// A shape by name; the model is generated, so a missing shape is a bug (asserted).
    [[nodiscard]] const Json& shape(std::string_view name) const;
    /// The shape a member/list/map reference ({"shape": ...}) points to.
    [[nodiscard]] const Json& resolve(const Json& ref) const {
        return shape(ref.at("shape").get<std::string>());
    }

private:
    std::string service_;
    Json doc_;
    Protocol protocol_ = Protocol::Query;
};

} // namespace cdk::aws::protocol
