#pragma once

#include "aws/sigv4/http_message.hpp"
#include "core/result.hpp"

#include <chrono>

namespace cdk::aws::http {

/// Per-request transport limits.
struct RequestOptions {
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds total_timeout{60000};
};

/// Sends one HTTP request and returns the response, whatever its status. Transport failures are errors
/// with these codes: ConnectionRefused (nothing was sent), DnsFailure, ConnectionReset (the request may
/// have reached the server), RequestTimeout, TlsError, HttpError.
class HttpClient {
public:
    virtual ~HttpClient() = default;
    [[nodiscard]] virtual Result<HttpResponse> send(const ClientRequest& request,
                                                    const RequestOptions& options) = 0;
};

} // namespace cdk::aws::http
