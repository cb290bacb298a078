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
[[nodiscard]] aws::HttpRequest to_sigv4_request(const HttpRequest& request);

/// Verifies a request's SigV4 signature (header or presigned query) against the secret of its access key,
/// the session token and its expiry, and the request time (15 minutes skew; presigned expiry), and returns
/// who is calling. Errors carry the protocol's AWS codes (InvalidClientTokenId / InvalidAccessKeyId /
/// UnrecognizedClientException, SignatureDoesNotMatch / InvalidSignatureException, ExpiredToken,
/// RequestTimeTooSkewed …).
[[nodiscard]] Result<Caller> authenticate(Tx& tx, iam::IamBackend& iam, const HttpRequest& request,
                                          const aws::sigv4::SignatureInfo& info, Protocol protocol,
                                          std::chrono::system_clock::time_point now);

/// Builds the caller from an access key record.
[[nodiscard]] Caller caller_from_key(const Json& record);

} // namespace cdk::localcloud
