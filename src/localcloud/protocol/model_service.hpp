#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/service.hpp"
#include "localcloud/state/store.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace cdk::localcloud {

/// One operation of a model-driven service: the operation's name and its decoded input in, its output
/// (in the model's member names) or an AWS error out.
using ModelDispatch = std::function<Result<Json>(const std::string& operation, const Json& input)>;

/// Serves one request of a service whose wire format is the botocore model `model_name` (src/aws/models):
/// identifies and decodes the operation with the model-driven codec (aws/protocol), calls `dispatch`, and
/// writes its output in the protocol's format. Errors go back to the dispatcher, which renders them.
[[nodiscard]] Result<HttpResponse> serve_model_request(std::string_view model_name, RequestContext& ctx,
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
