#pragma once

#include "core/error.hpp"
#include "core/result.hpp"
#include "core/json.hpp"
#include "localcloud/server/http_message.hpp"

#include <string>
#include <string_view>

namespace cdk::localcloud {

/// A JSON-protocol request (`X-Amz-Target: <Service>.<Operation>`, JSON body), decoded.
struct JsonRequest {
    std::string operation; ///< the part of X-Amz-Target after the dot, e.g. `PutParameter`
    Json input;            ///< the body; an empty body is an empty object
};
/// Decodes a JSON 1.0/1.1 request; a body that is not JSON is `SerializationException` (400).
[[nodiscard]] Result<JsonRequest> parse_json_request(const HttpRequest& request);

/// The AWS wire protocols localcloud speaks.
enum class Protocol { Query, Json10, Json11, RestXml, RestJson };

[[nodiscard]] std::string to_string(Protocol protocol);

/// The kinds of authentication failure; each protocol names them differently.
enum class AuthFailure { UnknownKey, BadSignature, ExpiredToken, Skewed, Missing, InvalidToken };

/// The AWS error for an authentication failure in the given protocol's vocabulary
/// (S3 says InvalidAccessKeyId where STS says InvalidClientTokenId and KMS UnrecognizedClientException).
[[nodiscard]] Error auth_error(Protocol protocol, AuthFailure failure, std::string message);

/// Renders an error in the protocol's format: Query `<ErrorResponse>`, JSON `{"__type", "message"}` with
/// `x-amzn-ErrorType`, REST-XML `<Error>`. `http_status` 0 means 400.
[[nodiscard]] HttpResponse render_error(Protocol protocol, const Error& error, std::string_view request_id,
                                        std::string_view xmlns = {});

/// A Query-protocol success: `<{Action}Response xmlns><{Action}Result>inner</…><ResponseMetadata>`.
[[nodiscard]] HttpResponse render_query_result(std::string_view action, std::string_view inner_xml,
                                               std::string_view xmlns, std::string_view request_id);

/// A JSON-protocol success.
[[nodiscard]] HttpResponse render_json_result(Protocol protocol, const Json& body, std::string_view request_id);

/// A REST-XML success with an XML body (may be empty).
[[nodiscard]] HttpResponse render_rest_xml(std::string body, std::string_view request_id, int status = 200);

} // namespace cdk::localcloud
