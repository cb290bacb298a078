#pragma once

#include "core/error.hpp"
#include "core/result.hpp"
#include "localcloud/server/http_message.hpp"

#include <string>
#include <string_view>

namespace cdk::localcloud {

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
[[nodiscard]] ServerResponse render_error(Protocol protocol, const Error& error, std::string_view request_id,
                                          std::string_view xmlns = {});

} // namespace cdk::localcloud
