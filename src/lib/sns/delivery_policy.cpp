#include "lib/sns/delivery_policy.hpp"

#include "tokens/errors.hpp"

namespace cdk::sns {

std::string to_string(BackoffFunction function) {
    switch (function) {
    case BackoffFunction::Arithmetic: return "ARITHMETIC";
    case BackoffFunction::Exponential: return "EXPONENTIAL";
    case BackoffFunction::Geometric: return "GEOMETRIC";
    case BackoffFunction::Linear: return "LINEAR";
    }
    return "LINEAR";
}

namespace detail {
namespace {

/// A delay target in whole seconds between 1 and 3600 (aws-cdk-lib's checks).
double delay_seconds(const Duration& d, const std::string& name, const std::string& where) {
    const double ms = d.to_milliseconds();
    if (static_cast<long long>(ms) % 1000 != 0) {
        throw ValidationError(name + " must be a whole number of seconds, got " +
                                  std::to_string(static_cast<long long>(ms)) + " ms",
                              where);
    }
    const double s = ms / 1000;
    if (s < 1 || s > 3600) {
        throw ValidationError(name + " must be between 1 and 3600 seconds inclusive, got: " +
                                  std::to_string(static_cast<long long>(s)) + "s",
                              where);
    }
    return s;
}

void non_negative(const std::optional<int>& v, const std::string& name, const std::string& where) {
    if (v && *v < 0) {
        throw ValidationError(name + " must be an integer zero or greater, got: " + std::to_string(*v),
                              where);
    }
}

} // namespace

Json render_delivery_policy(const DeliveryPolicy& policy, const std::string& protocol,
                            const std::string& where) {
    if (protocol != "http" && protocol != "https") {
        throw ValidationError(
            "delivery policy is only supported for HTTP and HTTPS subscriptions, got: " + protocol, where);
    }
    Json out = Json::object();
    if (policy.healthy_retry_policy) {
        const HealthyRetryPolicy& h = *policy.healthy_retry_policy;
        std::optional<double> min;
        std::optional<double> max;
        if (h.min_delay_target) min = delay_seconds(*h.min_delay_target, "min_delay_target", where);
        if (h.max_delay_target) {
            max = delay_seconds(*h.max_delay_target, "max_delay_target", where);
            if (min && *min > *max)
                throw ValidationError("min_delay_target must not exceed max_delay_target", where);
        }
        if (h.num_retries && (*h.num_retries < 0 || *h.num_retries > 100)) {
            throw ValidationError("num_retries must be between 0 and 100 inclusive, got: " +
                                      std::to_string(*h.num_retries),
                                  where);
        }
        non_negative(h.num_no_delay_retries, "num_no_delay_retries", where);
        non_negative(h.num_min_delay_retries, "num_min_delay_retries", where);
        non_negative(h.num_max_delay_retries, "num_max_delay_retries", where);
        Json r = {{"minDelayTarget", min.value_or(20)},
                  {"maxDelayTarget", max.value_or(20)},
                  {"numRetries", h.num_retries.value_or(3)}};
        if (h.num_no_delay_retries) r["numNoDelayRetries"] = *h.num_no_delay_retries;
        if (h.num_min_delay_retries) r["numMinDelayRetries"] = *h.num_min_delay_retries;
        if (h.num_max_delay_retries) r["numMaxDelayRetries"] = *h.num_max_delay_retries;
        if (h.backoff_function) r["backoffFunction"] = to_string(*h.backoff_function);
        out["healthyRetryPolicy"] = r;
    }
    if (policy.throttle_policy) {
        const auto& t = *policy.throttle_policy;
        if (t.max_receives_per_second && *t.max_receives_per_second < 1) {
            throw ValidationError("max_receives_per_second must be an integer greater than zero, got: " +
                                      std::to_string(*t.max_receives_per_second),
                                  where);
        }
        Json tp = Json::object();
        if (t.max_receives_per_second) tp["maxReceivesPerSecond"] = *t.max_receives_per_second;
        out["throttlePolicy"] = tp;
    }
    if (policy.request_policy) {
        Json rp = Json::object();
        if (!policy.request_policy->header_content_type.empty())
            rp["headerContentType"] = policy.request_policy->header_content_type;
        out["requestPolicy"] = rp;
    }
    return out;
}

} // namespace detail
} // namespace cdk::sns
