#pragma once

#include "aws/protocol/codec.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/service.hpp"
#include "localcloud/state/store.hpp"

#include <functional>
#include <map>
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
[[nodiscard]] Result<ModelRequest> decode_request(const aws::protocol::ServiceModel& model,
                                                  const ServerRequest& http);

/// The success response for `operation` with `output` (keyed by the model's member names), in the
/// model's protocol.
[[nodiscard]] ServerResponse encode_response(const aws::protocol::ServiceModel& model,
                                             std::string_view operation, const Json& output,
                                             std::string_view request_id);

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

    Result<ServerResponse> handle(RequestContext& context) final;

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

/// One operation of a model-driven service given as a function: the operation's name and its validated
/// input in, its output (the model's member names) or an AWS error out.
using ModelDispatch = std::function<Result<Json>(const std::string& operation, const Json& input)>;

/// ModelService's handle() as a function, for services that dispatch through a table: decodes and validates
/// the request by the model `model_name` (decode_request), calls `dispatch`, encodes its output
/// (encode_response). Errors go back to the dispatcher, which renders them in the protocol.
[[nodiscard]] Result<ServerResponse> serve_model_request(std::string_view model_name, RequestContext& ctx,
                                                         const ModelDispatch& dispatch);

/// One entry of a service's operation table: the backend's method and whether the operation only reads.
template <typename Backend, typename Call> struct ModelOperation {
    std::function<Result<Json>(Backend&, Tx&, const Call&, const Json&)> run;
    bool reads = false;
};

template <typename Backend, typename Call>
using ModelOperations = std::map<std::string, ModelOperation<Backend, Call>, std::less<>>;

/// Runs `operation` of `table` in one store transaction (a read transaction for reads, a write transaction
/// otherwise); an operation not in the table is UnknownOperationException naming `service_title`.
template <typename Backend, typename Call>
[[nodiscard]] Result<Json> run_model_operation(Store& store, Backend& backend, const Call& call,
                                               const ModelOperations<Backend, Call>& table,
                                               std::string_view service_title, const std::string& operation,
                                               const Json& input) {
    const auto it = table.find(operation);
    if (it == table.end()) {
        return make_error("UnknownOperationException",
                          std::string(service_title) + " operation " + operation +
                              " is not implemented by localcloud",
                          400);
    }
    const std::function<Result<Json>(Tx&)> run = [&](Tx& tx) {
        return it->second.run(backend, tx, call, input);
    };
    return it->second.reads ? store.read<Json>(run) : store.write<Json>(run);
}

} // namespace cdk::localcloud
