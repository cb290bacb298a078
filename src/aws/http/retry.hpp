#pragma once

#include "aws/sigv4/http_message.hpp"
#include "core/result.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace cdk::aws::http {

/// Exponential backoff with full jitter (delay = random(0, min(max_delay, base * 2^attempt))), bounded by a
/// number of attempts and by a total time budget.
struct RetryPolicy {
    int max_attempts = 5;
    std::chrono::milliseconds base_delay{100};
    std::chrono::milliseconds max_delay{20000};
    std::chrono::milliseconds max_total{120000}; ///< no new attempt starts after this much time
    /// Sleeps between attempts; tests replace it.
    std::function<void(std::chrono::milliseconds)> sleep;
};

/// Error codes AWS uses for throttling.
[[nodiscard]] bool is_throttling_code(std::string_view aws_code);

/// Whether a failed attempt may be retried. `aws_code` is the decoded error code of an HTTP error response
/// (empty for transport failures). A non-idempotent request is retried only when the server cannot have
/// acted on it: connection refused, DNS failure, throttling (429 or a throttling code), 503.
[[nodiscard]] bool is_retryable(const Result<HttpResponse>& outcome, std::string_view aws_code,
                                bool idempotent);

/// Delay before retry number `attempt` (1-based) with full jitter.
[[nodiscard]] std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt);

/// Runs `attempt` (which builds, signs and sends a fresh request each time) until it succeeds, fails in a
/// way that is not retryable, or the policy's bounds are reached. `error_code_of` decodes the AWS error
/// code of a response with status >= 300. Returns the last outcome; a transport error's message then says
/// how many attempts were made and for how long.
[[nodiscard]] Result<HttpResponse>
send_with_retry(const RetryPolicy& policy, bool idempotent,
                const std::function<Result<HttpResponse>()>& attempt,
                const std::function<std::string(const HttpResponse&)>& error_code_of);

} // namespace cdk::aws::http
