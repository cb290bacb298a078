#pragma once

#include "aws/sigv4/canonical.hpp"
#include "aws/sigv4/http_message.hpp"
#include "core/result.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

/// Server side of SigV4 (used by localcloud): read the signature a request carries, then rebuild the
/// canonical request with the same code the signer uses and compare.
namespace cdk::aws::sigv4 {

/// The signature a request carries, from its Authorization header or its presigned X-Amz-* query.
struct SignatureInfo {
    bool presigned = false;
    std::string access_key_id;
    std::string date_stamp; ///< from the credential scope
    std::string region;
    std::string service;
    std::string amz_date; ///< X-Amz-Date header or query parameter
    std::vector<std::string> signed_headers;
    std::string signature;
    std::string security_token;      ///< X-Amz-Security-Token, empty when absent
    std::chrono::seconds expires{0}; ///< presigned only

    [[nodiscard]] std::string scope() const;
};

/// Parses "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/svc/aws4_request, SignedHeaders=a;b,
/// Signature=hex". Errors use AWS codes: IncompleteSignature, InvalidSignatureException-style messages name
/// the part.
[[nodiscard]] Result<SignatureInfo> parse_authorization_header(std::string_view value);

/// Finds and parses the request's signature (header first, then query). Error code
/// MissingAuthenticationToken when the request is unsigned.
[[nodiscard]] Result<SignatureInfo> parse_signature(const ClientRequest& request);

/// Recomputes the signature with `secret_access_key` and compares (constant time). Errors:
/// SignatureDoesNotMatch (message carries the canonical request and string to sign the server
/// expected, as S3 does), XAmzContentSHA256Mismatch when x-amz-content-sha256 disagrees with the body.
/// Time skew and expiry are the caller's policy: see `is_expired`.
/// `body_sha256` (lower-case hex), when given, stands for the body's hash: a server that streamed a large
/// body to disk passes the hash it computed on the way instead of holding the body in `request.body`.
/// `payload_literals`: whether x-amz-content-sha256 may be UNSIGNED-PAYLOAD or STREAMING-… (S3 only;
/// elsewhere AWS signs the body's own hash, so pass false for every other service).
[[nodiscard]] Result<void> verify_signature(const ClientRequest& request, const SignatureInfo& info,
                                            std::string_view secret_access_key, PathMode path_mode,
                                            std::string_view body_sha256 = {}, bool payload_literals = true);

/// One `name:value` line of an aws-chunked trailer: the name lower-cased, both trimmed; nullopt without a
/// colon.
[[nodiscard]] std::optional<std::pair<std::string, std::string>> parse_trailer_line(std::string_view line);
/// At most this many trailer lines are read after an aws-chunked body's final chunk.
inline constexpr std::size_t kMaxTrailers = 16;

/// Reads up to `max` bytes into `out`; 0 at the end.
using ByteSource = std::function<std::size_t(char* out, std::size_t max)>;

/// Checks every chunk signature of an `aws-chunked` body signed with
/// STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): each chunk's string to sign chains the previous signature,
/// the first the request's (`info.signature`). With `signed_trailer` (the -TRAILER form) the trailer chunk
/// after the final one carries x-amz-trailer-signature, chained from the final chunk's signature, over the
/// other trailers (the checksums, which are S3's to compare with the body). Errors: SignatureDoesNotMatch
/// (403) for a wrong chunk or trailer signature, IncompleteBody (400) for broken framing.
[[nodiscard]] Result<void> verify_chunk_signatures(const ByteSource& read, const SignatureInfo& info,
                                                   std::string_view secret_access_key,
                                                   bool signed_trailer = false);

/// True when a presigned request's X-Amz-Date + X-Amz-Expires lies before `now`, or when a header-signed
/// request's X-Amz-Date is more than `max_skew` away from `now`.
[[nodiscard]] bool is_expired(const SignatureInfo& info, std::chrono::system_clock::time_point now,
                              std::chrono::seconds max_skew = std::chrono::minutes(15));

} // namespace cdk::aws::sigv4
