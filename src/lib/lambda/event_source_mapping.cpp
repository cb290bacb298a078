#include "lib/lambda/event_source_mapping.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <cstdio>

namespace cdk::lambda {
namespace {

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

std::string to_string(StartingPosition position) {
    switch (position) {
    case StartingPosition::TrimHorizon: return "TRIM_HORIZON";
    case StartingPosition::Latest: return "LATEST";
    case StartingPosition::AtTimestamp: return "AT_TIMESTAMP";
    }
    return "LATEST";
}

std::string FilterCriteria::filter(const FilterPattern& pattern) {
    return pattern.dump();
}

EventSourceMapping::EventSourceMapping(Construct& scope, std::string_view id,
                                       const EventSourceMappingProps& props)
    : Construct(scope, id) {
    const EventSourceMappingOptions& o = props.options;
    const std::string& path = node().path();
    if (props.target == nullptr) throw ValidationError("an EventSourceMapping needs a target function", path);
    if (o.max_batching_window && o.max_batching_window->to_seconds() > 300) {
        throw ValidationError("maxBatchingWindow cannot be over 300 seconds, got " +
                                  number_text(o.max_batching_window->to_seconds()),
                              path);
    }
    if (o.max_concurrency && !Token::is_unresolved(*o.max_concurrency) &&
        (*o.max_concurrency < 2 || *o.max_concurrency > 1000)) {
        throw ValidationError("maxConcurrency must be between 2 and 1000 concurrent instances", path);
    }
    if (o.max_record_age &&
        (o.max_record_age->to_seconds() < 60 || o.max_record_age->to_seconds() > 7 * 86400)) {
        throw ValidationError("maxRecordAge must be between 60 seconds and 7 days inclusive", path);
    }
    if (o.retry_attempts && !Token::is_unresolved(*o.retry_attempts)) {
        const double n = *o.retry_attempts;
        if (!(n == -1 || (n >= 0 && n <= 10000))) {
            throw ValidationError(
                "retryAttempts must be -1 (for infinite) or between 0 and 10000 inclusive, got " +
                    number_text(n),
                path);
        }
    }
    if (o.parallelization_factor && !Token::is_unresolved(*o.parallelization_factor) &&
        (*o.parallelization_factor < 1 || *o.parallelization_factor > 10)) {
        throw ValidationError("parallelizationFactor must be between 1 and 10 inclusive, got " +
                                  number_text(*o.parallelization_factor),
                              path);
    }
    if (o.tumbling_window && o.tumbling_window->to_seconds() > 900) {
        throw ValidationError("tumblingWindow cannot be over 900 seconds, got " +
                                  number_text(o.tumbling_window->to_seconds()),
                              path);
    }
    const bool at_timestamp = o.starting_position == StartingPosition::AtTimestamp;
    if (at_timestamp && !o.starting_position_timestamp) {
        throw ValidationError(
            "startingPositionTimestamp must be provided when startingPosition is AT_TIMESTAMP", path);
    }
    if (!at_timestamp && o.starting_position_timestamp) {
        throw ValidationError(
            "startingPositionTimestamp can only be used when startingPosition is AT_TIMESTAMP", path);
    }

    CfnEventSourceMappingProps cfn{.function_name = props.target->function_name()};
    if (o.batch_size) cfn.batch_size = *o.batch_size;
    if (o.bisect_batch_on_error) cfn.bisect_batch_on_function_error = *o.bisect_batch_on_error;
    if (o.on_failure != nullptr) {
        cfn.destination_config = CfnEventSourceMappingDestinationConfigProperty{
            .on_failure = CfnEventSourceMappingOnFailureProperty{
                .destination = o.on_failure->bind(*this, *props.target)}};
    }
    if (o.enabled) cfn.enabled = *o.enabled;
    if (!o.event_source_arn.empty()) cfn.event_source_arn = o.event_source_arn;
    if (o.starting_position) cfn.starting_position = to_string(*o.starting_position);
    if (o.starting_position_timestamp) cfn.starting_position_timestamp = *o.starting_position_timestamp;
    if (o.report_batch_item_failures)
        cfn.function_response_types = std::vector<std::string>{"ReportBatchItemFailures"};
    if (o.max_batching_window) cfn.maximum_batching_window_in_seconds = o.max_batching_window->to_seconds();
    if (o.max_record_age) cfn.maximum_record_age_in_seconds = o.max_record_age->to_seconds();
    if (o.retry_attempts) cfn.maximum_retry_attempts = *o.retry_attempts;
    if (o.parallelization_factor) cfn.parallelization_factor = *o.parallelization_factor;
    if (o.tumbling_window) cfn.tumbling_window_in_seconds = o.tumbling_window->to_seconds();
    if (o.max_concurrency) {
        cfn.scaling_config =
            CfnEventSourceMappingScalingConfigProperty{.maximum_concurrency = *o.max_concurrency};
    }
    if (!o.filters.empty()) {
        std::vector<CfnEventSourceMappingFilterProperty> filters;
        for (const auto& pattern : o.filters)
            filters.push_back({.pattern = pattern});
        cfn.filter_criteria = CfnEventSourceMappingFilterCriteriaProperty{.filters = filters};
    }
    resource_ = &make<CfnEventSourceMapping>(*this, "Resource", cfn);
}

std::string EventSourceMapping::event_source_mapping_arn() const {
    const Stack& stack = Stack::of(*this);
    return "arn:" + iam::detail::stack_partition(stack) + ":lambda:" + stack.region() + ":" +
           stack.account() + ":event-source-mapping:" + event_source_mapping_id();
}

EventSourceMapping& IFunction::add_event_source_mapping(std::string_view id,
                                                        const EventSourceMappingOptions& options) {
    return make<EventSourceMapping>(function_construct(), id,
                                    EventSourceMappingProps{.target = this, .options = options});
}

void IFunction::add_event_source(IEventSource& source) {
    source.bind(*this);
}

} // namespace cdk::lambda
