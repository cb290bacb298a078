#pragma once

#include "cfn/duration.hpp"
#include "core/json.hpp"

#include <optional>
#include <string>

namespace cdk::sns {

/// How SNS backs off between retries (CDK: BackoffFunction).
enum class BackoffFunction { Arithmetic, Exponential, Geometric, Linear };
/// `ARITHMETIC`, `EXPONENTIAL`, `GEOMETRIC`, `LINEAR`.
[[nodiscard]] std::string to_string(BackoffFunction function);

/// Retries of an http(s) delivery (CDK: HealthyRetryPolicy).
struct HealthyRetryPolicy {
    /// Default 20 s; whole seconds, 1 to 3600.
    std::optional<Duration> min_delay_target;
    /// Default 20 s; whole seconds, 1 to 3600.
    std::optional<Duration> max_delay_target;
    /// Default 3; 0 to 100.
    std::optional<int> num_retries;
    std::optional<int> num_no_delay_retries;
    std::optional<int> num_min_delay_retries;
    std::optional<int> num_max_delay_retries;
    std::optional<BackoffFunction> backoff_function;
};

/// Throttling of an http(s) delivery (CDK: ThrottlePolicy).
struct ThrottlePolicy {
    std::optional<int> max_receives_per_second;
};

/// The content type of an http(s) delivery (CDK: RequestPolicy).
struct RequestPolicy {
    std::string header_content_type;
};

/// The delivery policy of an http(s) subscription (CDK: DeliveryPolicy).
struct DeliveryPolicy {
    std::optional<HealthyRetryPolicy> healthy_retry_policy;
    std::optional<ThrottlePolicy> throttle_policy;
    std::optional<RequestPolicy> request_policy;
};

namespace detail {
/// The CloudFormation `DeliveryPolicy` as aws-cdk-lib renders it (defaults filled in), with its checks;
/// `protocol` must be http or https; `where` names the subscription in errors.
[[nodiscard]] Json render_delivery_policy(const DeliveryPolicy& policy, const std::string& protocol,
                                          const std::string& where);
} // namespace detail

} // namespace cdk::sns
