#pragma once

#include "aws/sigv4/canonical.hpp"
#include "aws/sigv4/credentials.hpp"
#include "aws/sigv4/http_message.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace cdk::aws::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

/// How the body takes part in the signature.
enum class PayloadMode {
    Hash,     ///< SHA-256 of the body
    Unsigned, ///< the literal UNSIGNED-PAYLOAD (S3 streaming uploads, presigned URLs)
};

/// Everything the signer needs besides the request and the credentials.
struct SigningParams {
    std::string region;
    std::string service; ///< signing name, e.g. "sts", "s3", "execute-api"
    std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
    PathMode path_mode = PathMode::Normalize;
    PayloadMode payload_mode = PayloadMode::Hash;
    bool add_content_sha256_header = false; ///< S3 wants x-amz-content-sha256 on every request
};

/// "20150830T123600Z" and "20150830" forms of a time point (UTC).
[[nodiscard]] std::string format_amz_date(std::chrono::system_clock::time_point time);
[[nodiscard]] std::string format_date_stamp(std::chrono::system_clock::time_point time);
/// Parses "20150830T123600Z"; nullopt when malformed.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text);

/// "20150830/us-east-1/service/aws4_request".
[[nodiscard]] std::string credential_scope(std::string_view date_stamp, std::string_view region,
                                           std::string_view service);
/// The string to sign for a canonical request.
[[nodiscard]] std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                                         std::string_view canonical_request_text);
/// The derived signing key (raw bytes): HMAC chain over date, region, service, "aws4_request".
[[nodiscard]] std::string signing_key(std::string_view secret_access_key, std::string_view date_stamp,
                                      std::string_view region, std::string_view service);
/// Hex HMAC-SHA256 of the string to sign with the signing key.
[[nodiscard]] std::string signature(std::string_view signing_key_bytes, std::string_view string_to_sign_text);

/// Headers the signer never signs (proxies and clients may change them).
[[nodiscard]] bool is_unsigned_header(std::string_view lower_name);

/// What a signing step produced, for logs and tests.
struct SigningResult {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signature;
    std::string authorization; ///< empty for presigned URLs
};

/// Signs `request` in place with an Authorization header: sets X-Amz-Date, Host (from the endpoint when
/// missing), X-Amz-Security-Token (session credentials) and x-amz-content-sha256 (when asked for or when
/// already present, its value is the payload hash used).
SigningResult sign_request(ClientRequest& request, const Credentials& credentials,
                           const SigningParams& params);

/// Presigns `request` in place: adds X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders,
/// -Security-Token and -Signature to the query. Only Host is signed; the payload is UNSIGNED-PAYLOAD
/// unless params.payload_mode is Hash.
SigningResult presign_request(ClientRequest& request, const Credentials& credentials,
                              const SigningParams& params, std::chrono::seconds expires);

} // namespace cdk::aws::sigv4
