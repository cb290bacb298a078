#include "aws/protocol/codec.hpp"

#include "aws/protocol/detail/codecs.hpp"
#include "aws/protocol/detail/shape_values.hpp"
#include "aws/protocol/detail/xml_shape.hpp"
#include "aws/protocol/validate.hpp"
#include "aws/protocol/values.hpp"

namespace cdk::aws::protocol {

namespace detail {

Json with_idempotency_tokens(const ServiceModel& model, const Json& shape, const Json& input) {
    Json out = input.is_object() ? input : Json::object();
    if (!shape.contains("members")) return out;
    for (const auto& [name, ref] : shape.at("members").items()) {
        if (flag(ref, "idempotencyToken") && (!out.contains(name) || out[name].is_null()))
            out[name] = random_uuid();
    }
    (void)model;
    return out;
}

Json response_metadata(std::string_view request_id, int status) {
    return Json{{"RequestId", std::string(request_id)}, {"HTTPStatusCode", status}};
}

std::string request_id_header(const HttpResponse& response) {
    if (auto id = find_header(response.headers, "x-amzn-requestid")) return *id;
    if (auto id = find_header(response.headers, "x-amz-request-id")) return *id;
    return {};
}

} // namespace detail

Result<ClientRequest> serialize_request(const ServiceModel& model, std::string_view operation,
                                        const Json& input) {
    const Json* op = model.find_operation(operation);
    if (!op) {
        return make_error("UnknownOperation", "operation '" + std::string(operation) + "' is not in the " +
                                                  model.service() +
                                                  " model; add it to tools/aws_models/extract.py");
    }
    Json full = input;
    if (op->contains("input"))
        full = detail::with_idempotency_tokens(model, model.resolve(op->at("input")), input);
    switch (model.protocol()) {
    case Protocol::Query: return detail::query_serialize_request(model, operation, *op, full);
    case Protocol::Json: return detail::json_serialize_request(model, operation, *op, full);
    case Protocol::RestXml:
    case Protocol::RestJson: return detail::rest_serialize_request(model, *op, full);
    }
    return make_error("UnknownProtocol", "unsupported protocol");
}

Result<Json> parse_response(const ServiceModel& model, std::string_view operation,
                            const HttpResponse& response) {
    const Json* op = model.find_operation(operation);
    if (!op)
        return make_error("UnknownOperation",
                          "operation '" + std::string(operation) + "' is not in the model");
    if (response.status >= 300 || response.status < 100) return parse_error(model, response);
    switch (model.protocol()) {
    case Protocol::Query: return detail::query_parse_response(model, *op, response);
    case Protocol::Json: return detail::json_parse_response(model, *op, response);
    case Protocol::RestXml:
    case Protocol::RestJson: return detail::rest_parse_response(model, *op, response);
    }
    return make_error("UnknownProtocol", "unsupported protocol");
}

Result<ParsedRequest> parse_request(const ServiceModel& model, const ClientRequest& request) {
    switch (model.protocol()) {
    case Protocol::Query: return detail::query_parse_request(model, request);
    case Protocol::Json: return detail::json_parse_request(model, request);
    case Protocol::RestXml:
    case Protocol::RestJson: return detail::rest_parse_request(model, request);
    }
    return make_error("UnknownProtocol", "unsupported protocol");
}

Result<Json> parse_xml_payload(const ServiceModel& model, std::string_view shape, std::string_view xml,
                               std::string_view root) {
    const auto malformed = [](const std::string& why) {
        return make_error(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published "
            "schema (" +
                why + ")",
            400);
    };
    auto doc = parse_xml(xml);
    if (!doc) return malformed(doc.error().message);
    if (!root.empty() && doc->name != root)
        return malformed("the root element is <" + doc->name + ">, not <" + std::string(root) + ">");
    auto value = detail::xml_to_json(model, model.shape(shape), *doc);
    if (!value) return malformed(value.error().message);
    const auto violations = validate_shape(model, shape, *value);
    if (!violations.empty()) {
        const Violation& v = violations.front();
        return malformed((v.path.empty() ? std::string(shape) : v.path) + ": " + v.constraint);
    }
    return value;
}

HttpResponse serialize_response(const ServiceModel& model, std::string_view operation, const Json& output,
                                std::string_view request_id) {
    const Json* op = model.find_operation(operation);
    CDK_ASSERT(op && "serialize_response for an operation the model lacks");
    switch (model.protocol()) {
    case Protocol::Query: return detail::query_serialize_response(model, operation, *op, output, request_id);
    case Protocol::Json: return detail::json_serialize_response(model, *op, output, request_id);
    case Protocol::RestXml:
    case Protocol::RestJson: return detail::rest_serialize_response(model, *op, output, request_id);
    }
    return {};
}

} // namespace cdk::aws::protocol
