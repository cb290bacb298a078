#include "localcloud/protocol/protocol.hpp"

#include "core/json.hpp"
#include "core/strings.hpp"
#include "localcloud/protocol/xml_writer.hpp"

namespace cdk::localcloud {

std::string to_string(Protocol protocol) {
    switch (protocol) {
    case Protocol::Query: return "query";
    case Protocol::Json10: return "json1.0";
    case Protocol::Json11: return "json1.1";
    case Protocol::RestXml: return "rest-xml";
    case Protocol::RestJson: return "rest-json";
    }
    return "unknown";
}

Error auth_error(Protocol protocol, AuthFailure failure, std::string message) {
    const bool s3 = protocol == Protocol::RestXml;
    const bool json =
        protocol == Protocol::Json10 || protocol == Protocol::Json11 || protocol == Protocol::RestJson;
    switch (failure) {
    case AuthFailure::UnknownKey:
        if (s3) return make_error("InvalidAccessKeyId", std::move(message), 403);
        if (json) return make_error("UnrecognizedClientException", std::move(message), 400);
        return make_error("InvalidClientTokenId", std::move(message), 403);
    case AuthFailure::InvalidToken:
        if (s3) return make_error("InvalidToken", std::move(message), 400);
        if (json) return make_error("UnrecognizedClientException", std::move(message), 400);
        return make_error("InvalidClientTokenId", std::move(message), 403);
    case AuthFailure::BadSignature:
        if (json) return make_error("InvalidSignatureException", std::move(message), 400);
        return make_error("SignatureDoesNotMatch", std::move(message), 403);
    case AuthFailure::ExpiredToken:
        if (json) return make_error("ExpiredTokenException", std::move(message), 400);
        return make_error("ExpiredToken", std::move(message), s3 ? 400 : 403);
    case AuthFailure::Skewed:
        if (s3) return make_error("RequestTimeTooSkewed", std::move(message), 403);
        if (json) return make_error("InvalidSignatureException", std::move(message), 400);
        return make_error("SignatureDoesNotMatch", std::move(message), 403);
    case AuthFailure::Missing:
        if (s3) return make_error("AccessDenied", std::move(message), 403);
        if (json) return make_error("MissingAuthenticationTokenException", std::move(message), 400);
        return make_error("MissingAuthenticationToken", std::move(message), 403);
    }
    return make_error("InternalFailure", std::move(message), 500);
}

HttpResponse render_error(Protocol protocol, const Error& raw, std::string_view request_id,
                          std::string_view xmlns) {
    // Messages quote the request (a key, an access key id, a header): make them UTF-8 so that rendering
    // cannot fail (nlohmann's dump throws type_error 316 on invalid UTF-8) and XML clients can read them.
    Error error = raw;
    error.code = strings::to_valid_utf8(raw.code);
    error.message = strings::to_valid_utf8(raw.message);
    HttpResponse r;
    r.status = error.http_status == 0 ? 400 : error.http_status;
    r.set_header("x-amzn-RequestId", std::string(request_id));
    switch (protocol) {
    case Protocol::Query: {
        XmlWriter w;
        w.open("ErrorResponse", xmlns);
        w.open("Error");
        w.leaf("Type", r.status >= 500 ? "Receiver" : "Sender");
        w.leaf("Code", error.code);
        w.leaf("Message", error.message);
        w.close();
        w.leaf("RequestId", request_id);
        r.body = w.str();
        r.set_header("Content-Type", "text/xml");
        break;
    }
    case Protocol::Json10:
    case Protocol::Json11:
    case Protocol::RestJson: {
        r.body = Json{{"__type", error.code}, {"message", error.message}}.dump();
        r.set_header("Content-Type", protocol == Protocol::Json10   ? "application/x-amz-json-1.0"
                                     : protocol == Protocol::Json11 ? "application/x-amz-json-1.1"
                                                                    : "application/json");
        r.set_header("x-amzn-ErrorType", error.code);
        break;
    }
    case Protocol::RestXml: {
        XmlWriter w;
        w.open("Error");
        w.leaf("Code", error.code);
        w.leaf("Message", error.message);
        w.leaf("RequestId", request_id);
        r.body = w.str();
        r.set_header("Content-Type", "application/xml");
        r.set_header("x-amz-request-id", std::string(request_id));
        break;
    }
    }
    return r;
}

HttpResponse render_rest_xml(std::string body, std::string_view request_id, int status) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    if (!r.body.empty()) r.set_header("Content-Type", "application/xml");
    r.set_header("x-amz-request-id", std::string(request_id));
    r.set_header("x-amz-id-2", std::string(request_id));
    return r;
}

} // namespace cdk::localcloud
