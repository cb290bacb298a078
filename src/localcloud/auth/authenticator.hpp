#pragma once

#include "aws/sigv4/verifier.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/protocol/protocol.hpp"
#include "localcloud/server/http_message.hpp"

#include <chrono>

namespace cdk::localcloud {

/// The request in the form the shared SigV4 code (aws/sigv4) reads: wire path and query, headers,
/// and the body when it was kept in memory.
[[nodiscard]] aws::ClientRequest to_sigv4_request(const ServerRequest& request);

/// Verifies a request's SigV4 signature (header or presigned query) against the secret of its access key,
/// the session token and its expiry, and the request time (15 minutes skew; presigned expiry), and returns
/// who is calling. Errors carry the protocol's AWS codes (InvalidClientTokenId / InvalidAccessKeyId /
/// UnrecognizedClientException, SignatureDoesNotMatch / InvalidSignatureException, ExpiredToken,
/// RequestTimeTooSkewed …).
///
/// As strict as AWS: the credential scope must name `service` (the service the request was routed to) and
/// the date of X-Amz-Date; on S3 every x-amz-* header present must be signed, a presigned URL lives at most
/// 7 days, and the chunk signatures of an aws-chunked body are checked; elsewhere the body's own hash is
/// signed (no UNSIGNED-PAYLOAD). With `AuthStage::Head` (the body not read yet) the declared
/// x-amz-content-sha256 stands for the body and chunk signatures wait for the full check.
enum class AuthStage { Head, Full };
[[nodiscard]] Result<Caller> authenticate(Tx& tx, iam::IamBackend& iam, const ServerRequest& request,
                                          const aws::sigv4::SignatureInfo& info, Protocol protocol,
                                          std::string_view service, std::chrono::system_clock::time_point now,
                                          AuthStage stage = AuthStage::Full);

/// The checks of the signature that need no key: scope date and service, unsigned x-amz-* headers on S3,
/// the presigned expiry range. Errors carry AWS's codes for the protocol.
[[nodiscard]] Result<void> check_signature_shape(const ServerRequest& request,
                                                 const aws::sigv4::SignatureInfo& info, Protocol protocol,
                                                 std::string_view service);

/// Builds the caller from an access key record.
[[nodiscard]] Caller caller_from_key(const Json& record);

} // namespace cdk::localcloud
