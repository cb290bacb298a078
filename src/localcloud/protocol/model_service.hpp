#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/service.hpp"

#include <functional>
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

} // namespace cdk::localcloud
