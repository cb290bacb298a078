#include "aws/http/retry.hpp"

#include <algorithm>
#include <random>
#include <thread>

namespace cdk::aws::http {

bool is_throttling_code(std::string_view c) {
    return c == "Throttling" || c == "ThrottlingException" || c == "ThrottledException" ||
           c == "RequestThrottledException" || c == "TooManyRequestsException" ||
           c == "ProvisionedThroughputExceededException" || c == "TransactionInProgressException" ||
           c == "RequestLimitExceeded" || c == "BandwidthLimitExceeded" || c == "LimitExceededException" ||
           c == "RequestThrottled" || c == "SlowDown" || c == "PriorRequestNotComplete" ||
           c == "EC2ThrottledException";
}

bool is_retryable(const Result<HttpResponse>& outcome, std::string_view aws_code, bool idempotent) {
    if (!outcome) {
        const std::string& code = outcome.error().code;
        if (code == "ConnectionRefused" || code == "DnsFailure") return true;
        if (code == "ConnectionReset" || code == "RequestTimeout") return idempotent;
        return false;
    }
    const int status = outcome->status;
    if (status < 300) return false;
    if (status == 429 || is_throttling_code(aws_code)) return true;
    if (status == 503) return true;
    const bool transient = status == 500 || status == 502 || status == 504 || aws_code == "RequestTimeout" ||
                           aws_code == "RequestTimeoutException" || aws_code == "InternalError" ||
                           aws_code == "InternalFailure" || aws_code == "ServiceUnavailable";
    return transient && idempotent;
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    const int exponent = std::clamp(attempt - 1, 0, 30);
    const long long cap =
        std::min<long long>(policy.max_delay.count(), policy.base_delay.count() << exponent);
    std::uniform_int_distribution<long long> dist(0, std::max<long long>(cap, 0));
    return std::chrono::milliseconds(dist(rng));
}

Result<HttpResponse> send_with_retry(const RetryPolicy& policy, bool idempotent,
                                     const std::function<Result<HttpResponse>()>& attempt,
                                     const std::function<std::string(const HttpResponse&)>& error_code_of) {
    const auto start = std::chrono::steady_clock::now();
    const auto sleep =
        policy.sleep ? policy.sleep : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    int attempts = 0;
    while (true) {
        ++attempts;
        Result<HttpResponse> outcome = attempt();
        const std::string code = outcome && outcome->status >= 300 ? error_code_of(*outcome) : std::string();
        const bool retry = is_retryable(outcome, code, idempotent);
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        if (!retry || attempts >= policy.max_attempts || elapsed >= policy.max_total) {
            if (!outcome && attempts > 1) {
                Error e = outcome.error();
                e.message += " (gave up after " + std::to_string(attempts) + " attempts in " +
                             std::to_string(elapsed.count()) + " ms)";
                return e;
            }
            return outcome;
        }
        auto delay = backoff_delay(policy, attempts);
        delay = std::min(delay,
                         std::chrono::duration_cast<std::chrono::milliseconds>(policy.max_total - elapsed));
        sleep(delay);
    }
}

} // namespace cdk::aws::http
