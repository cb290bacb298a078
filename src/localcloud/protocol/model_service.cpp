#include "localcloud/protocol/model_service.hpp"

#include "aws/protocol/validate.hpp"
#include "core/assert.hpp"
#include "localcloud/auth/authenticator.hpp"

namespace cdk::localcloud {

Result<ModelRequest> decode_request(const aws::protocol::ServiceModel& model, const ServerRequest& http) {
    aws::ClientRequest wire = to_sigv4_request(http);
    if (!http.body_file.empty()) wire.body = http.body_text();
    auto parsed = aws::protocol::parse_request(model, wire);
    if (!parsed) return parsed.error();
    const auto violations = aws::protocol::validate_input(model, parsed->operation, parsed->input);
    if (!violations.empty()) return aws::protocol::validation_error(model, violations);
    return ModelRequest{std::move(parsed->operation), std::move(parsed->input)};
}

ServerResponse encode_response(const aws::protocol::ServiceModel& model, std::string_view operation,
                               const Json& output, std::string_view request_id) {
    const aws::HttpResponse rendered =
        aws::protocol::serialize_response(model, operation, output, request_id);
    ServerResponse out;
    out.status = rendered.status == 0 ? 200 : rendered.status;
    for (const auto& h : rendered.headers)
        out.set_header(h.name, h.value);
    out.body = rendered.body;
    return out;
}

Protocol protocol_of(const aws::protocol::ServiceModel& model) {
    switch (model.protocol()) {
    case aws::protocol::Protocol::Query: return Protocol::Query;
    case aws::protocol::Protocol::Json:
        return model.meta("jsonVersion") == "1.0" ? Protocol::Json10 : Protocol::Json11;
    case aws::protocol::Protocol::RestXml: return Protocol::RestXml;
    case aws::protocol::Protocol::RestJson: return Protocol::RestJson;
    }
    return Protocol::Query;
}

namespace {
const aws::protocol::ServiceModel* embedded(std::string_view name) {
    auto model = aws::protocol::ServiceModel::get(name);
    CDK_ASSERT(model && "a localcloud service names a model tools/aws_models/extract.py does not extract");
    return *model;
}
} // namespace

ModelService::ModelService(std::string_view model)
    : model_(embedded(model)), name_(model_->signing_name()), xmlns_(model_->meta("xmlNamespace")),
      protocol_(protocol_of(*model_)) {}

Result<ServerResponse> ModelService::handle(RequestContext& ctx) {
    auto request = decode_request(*model_, ctx.http);
    if (!request) return request.error();
    auto output = call(ctx, request->operation, request->input);
    if (!output) return output.error();
    return encode_response(*model_, request->operation, *output, ctx.request_id);
}

Error ModelService::not_implemented(const std::string& operation) const {
    const bool query = protocol_ == Protocol::Query;
    return make_error(query ? "InvalidAction" : "UnknownOperationException",
                      model_->service() + " operation " + operation + " is not implemented by localcloud",
                      400);
}

Result<ServerResponse> serve_model_request(std::string_view model_name, RequestContext& ctx,
                                           const ModelDispatch& dispatch) {
    auto model = aws::protocol::ServiceModel::get(model_name);
    if (!model) return model.error();
    auto request = decode_request(**model, ctx.http);
    if (!request) return request.error();
    auto output = dispatch(request->operation, request->input);
    if (!output) return output.error();
    return encode_response(**model, request->operation, *output, ctx.request_id);
}

} // namespace cdk::localcloud
