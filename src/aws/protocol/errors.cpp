#include "aws/protocol/codec.hpp"
#include "aws/protocol/detail/codecs.hpp"
#include "aws/protocol/xml.hpp"
#include "core/json_reader.hpp"

namespace cdk::aws::protocol {

namespace {

std::string code_for_status(int status) {
    switch (status) {
    case 301: return "PermanentRedirect";
    case 304: return "NotModified";
    case 400: return "BadRequest";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 409: return "Conflict";
    case 412: return "PreconditionFailed";
    case 429: return "Throttling";
    case 500: return "InternalError";
    case 502: return "BadGateway";
    case 503: return "ServiceUnavailable";
    case 504: return "GatewayTimeout";
    default: return "Http" + std::to_string(status);
    }
}

/// "aws.protocoltests#FooError:http://internal..." -> "FooError".
std::string clean_code(std::string code) {
    if (const auto colon = code.find(':'); colon != std::string::npos) code.resize(colon);
    if (const auto hash = code.rfind('#'); hash != std::string::npos) code = code.substr(hash + 1);
    return code;
}

std::string json_string(const Json& body, std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
        const auto it = body.find(k);
        if (it != body.end() && it->is_string()) return it->get<std::string>();
    }
    return {};
}

void decode_json_error(const HttpResponse& response, Error& error) {
    if (auto type = find_header(response.headers, "x-amzn-errortype")) error.code = clean_code(*type);
    const auto parsed = json::parse(response.body);
    if (!parsed || !parsed->is_object()) return;
    const Json& body = *parsed;
    if (error.code.empty()) error.code = clean_code(json_string(body, {"__type", "code", "Code"}));
    error.message = json_string(body, {"message", "Message", "errorMessage"});
}

void decode_xml_error(const HttpResponse& response, Error& error) {
    auto doc = parse_xml(response.body);
    if (!doc) return;
    const XmlNode* err = nullptr;
    if (doc->name == "Error") {
        err = &*doc;
    } else if (const XmlNode* e = doc->child("Error")) {
        err = e;
    } else if (const XmlNode* errors = doc->child("Errors")) {
        err = errors->child("Error");
    }
    if (!err) return;
    error.code = err->child_text("Code");
    error.message = err->child_text("Message");
    std::string id = doc->child_text("RequestId");
    if (id.empty()) id = err->child_text("RequestId");
    if (id.empty()) id = doc->child_text("RequestID");
    if (!id.empty()) error.request_id = id;
}

} // namespace

Error parse_error(const ServiceModel& model, const HttpResponse& response) {
    Error error;
    error.http_status = response.status;
    error.request_id = detail::request_id_header(response);
    if (!response.body.empty()) {
        if (model.protocol() == Protocol::Json || model.protocol() == Protocol::RestJson) {
            decode_json_error(response, error);
        } else {
            decode_xml_error(response, error);
        }
    } else if (model.protocol() == Protocol::RestJson) {
        if (auto type = find_header(response.headers, "x-amzn-errortype")) error.code = clean_code(*type);
    }
    if (error.code.empty()) error.code = code_for_status(response.status);
    if (error.message.empty()) {
        error.message =
            model.service() + " answered HTTP " + std::to_string(response.status) +
            (response.body.empty() ? " with no error body" : " with an error body we could not decode");
    }
    return error;
}

HttpResponse serialize_error(Protocol protocol, std::string_view xml_namespace, std::string_view json_version,
                             const Error& error, std::string_view request_id) {
    HttpResponse r;
    r.status = error.http_status > 0 ? error.http_status : 400;
    const std::string id(request_id);
    switch (protocol) {
    case Protocol::Query: {
        XmlNode root{"ErrorResponse", {{"xmlns", std::string(xml_namespace)}}, "", {}};
        XmlNode err{"Error", {}, "", {}};
        err.children.push_back({"Type", {}, r.status >= 500 ? "Receiver" : "Sender", {}});
        err.children.push_back({"Code", {}, error.code, {}});
        err.children.push_back({"Message", {}, error.message, {}});
        root.children.push_back(std::move(err));
        root.children.push_back({"RequestId", {}, id, {}});
        r.body = to_xml(root);
        r.headers.push_back({"Content-Type", "text/xml"});
        r.headers.push_back({"x-amzn-RequestId", id});
        break;
    }
    case Protocol::RestXml: {
        XmlNode err{"Error", {}, "", {}};
        err.children.push_back({"Code", {}, error.code, {}});
        err.children.push_back({"Message", {}, error.message, {}});
        err.children.push_back({"RequestId", {}, id, {}});
        r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + to_xml(err);
        r.headers.push_back({"Content-Type", "application/xml"});
        r.headers.push_back({"x-amz-request-id", id});
        break;
    }
    case Protocol::Json:
    case Protocol::RestJson: {
        const Json body{{"__type", error.code}, {"message", error.message}};
        r.body = body.dump();
        const std::string version = json_version.empty() ? "1.1" : std::string(json_version);
        r.headers.push_back({"Content-Type", protocol == Protocol::Json ? "application/x-amz-json-" + version
                                                                        : "application/json"});
        r.headers.push_back({"x-amzn-RequestId", id});
        r.headers.push_back({"x-amzn-ErrorType", error.code});
        break;
    }
    }
    return r;
}

HttpResponse serialize_error(const ServiceModel& model, const Error& error, std::string_view request_id) {
    return serialize_error(model.protocol(), model.meta("xmlNamespace"), model.meta("jsonVersion"), error,
                           request_id);
}

} // namespace cdk::aws::protocol
