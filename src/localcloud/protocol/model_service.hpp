#pragma once

#include "aws/protocol/codec.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/service.hpp"

#include <string>
#include <string_view>

namespace cdk::localcloud {

/// A request decoded and validated by its service's model.
struct ModelRequest {
    std::string operation;
    Json input; ///< keyed by the model's member names; timestamps ISO 8601, blobs raw bytes
};

/// Decodes `http` by `model` (aws/protocol parse_request) and validates the input as AWS's front end does
/// (aws/protocol validate_input: required members, lengths, ranges, enums, UTF-8), so that nothing invalid
/// reaches a backend. Errors carry AWS's codes: InvalidAction / UnknownOperationException,
/// SerializationException (a wrong type), ValidationException / ValidationError / MissingParameter ...
[[nodiscard]] Result<ModelRequest> decode_request(const aws::protocol::ServiceModel& model, const HttpRequest& http);

/// The success response for `operation` with `output` (keyed by the model's member names), in the
/// model's protocol.
[[nodiscard]] HttpResponse encode_response(const aws::protocol::ServiceModel& model, std::string_view operation,
                                           const Json& output, std::string_view request_id);

/// localcloud's wire protocol of a model (the JSON version from its metadata).
[[nodiscard]] Protocol protocol_of(const aws::protocol::ServiceModel& model);

/// A service that declares its botocore model (src/aws/models, from tools/aws_models/extract.py) and
/// implements operations on decoded values: parsing, validation, serialization and the protocol's error
/// shapes all come from the model. Its name is the model's signing name, its protocol and XML namespace
/// the model's.
class ModelService : public Service {
public:
    /// `model` is a botocore service name that is embedded (asserted).
    explicit ModelService(std::string_view model);

    [[nodiscard]] std::string_view name() const override { return name_; }
    [[nodiscard]] Protocol protocol() const override { return protocol_; }
    [[nodiscard]] std::string_view xmlns() const override { return xmlns_; }
    [[nodiscard]] const aws::protocol::ServiceModel& model() const { return *model_; }

    Result<HttpResponse> handle(RequestContext& context) final;

protected:
    /// Runs one operation of the model on validated input; returns its output (the model's member names)
    /// or an AWS error. An operation the model has but the service does not serve answers the protocol's
    /// not-implemented error (not_implemented).
    virtual Result<Json> call(RequestContext& context, const std::string& operation, const Json& input) = 0;

    /// The error for an operation the model lists that this service does not serve.
    [[nodiscard]] Error not_implemented(const std::string& operation) const;

private:
    const aws::protocol::ServiceModel* model_;
    std::string name_;
    std::string xmlns_;
    Protocol protocol_;
};

} // namespace cdk::localcloud
