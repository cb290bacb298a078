#include "localcloud/protocol/protocol.hpp"

#include "aws/protocol/codec.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

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

ServerResponse render_error(Protocol protocol, const Error& raw, std::string_view request_id,
                            std::string_view xmlns) {
    // Messages quote the request (a key, an access key id, a header): make them UTF-8 so that rendering
    // cannot fail (nlohmann's dump throws type_error 316 on invalid UTF-8) and XML clients can read them.
    Error error = raw;
    error.code = strings::to_valid_utf8(raw.code);
    error.message = strings::to_valid_utf8(raw.message);
    if (error.http_status == 0) error.http_status = 400;
    // The error document is the codec's (aws/protocol serialize_error), the one the client parses.
    aws::protocol::Protocol wire = aws::protocol::Protocol::Query;
    std::string_view json_version;
    switch (protocol) {
    case Protocol::Query: break;
    case Protocol::Json10:
        wire = aws::protocol::Protocol::Json;
        json_version = "1.0";
        break;
    case Protocol::Json11:
        wire = aws::protocol::Protocol::Json;
        json_version = "1.1";
        break;
    case Protocol::RestXml: wire = aws::protocol::Protocol::RestXml; break;
    case Protocol::RestJson: wire = aws::protocol::Protocol::RestJson; break;
    }
    const aws::HttpResponse rendered =
        aws::protocol::serialize_error(wire, xmlns, json_version, error, request_id);
    ServerResponse r;
    r.status = rendered.status;
    r.set_header("x-amzn-RequestId", std::string(request_id));
    for (const auto& h : rendered.headers)
        r.set_header(h.name, h.value);
    r.body = rendered.body;
    return r;
}

} // namespace cdk::localcloud
