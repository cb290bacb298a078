#pragma once

#include "cfn/duration.hpp"
#include "constructs/construct.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda/generated/cfn_lambda.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cdk::lambda {

/// Where a stream-based mapping starts reading (CDK: StartingPosition).
enum class StartingPosition { TrimHorizon, Latest, AtTimestamp };

/// The CloudFormation value: TRIM_HORIZON, LATEST, AT_TIMESTAMP.
[[nodiscard]] std::string to_string(StartingPosition position);

/// Event filter patterns (CDK: FilterCriteria, FilterRule). Patterns are ordered JSON so the rendered text
/// keeps the keys in the order written, as `JSON.stringify` does.
using FilterPattern = nlohmann::ordered_json;
struct FilterCriteria {
    /// One filter: the pattern as JSON text (CDK: FilterCriteria.filter, the `Pattern` of a filter).
    [[nodiscard]] static std::string filter(const FilterPattern& pattern);
};
struct FilterRule {
    [[nodiscard]] static FilterPattern exists() { return FilterPattern::array({{{"exists", true}}}); }
    [[nodiscard]] static FilterPattern not_exists() { return FilterPattern::array({{{"exists", false}}}); }
    [[nodiscard]] static FilterPattern is_equal(const FilterPattern& value) {
        return FilterPattern::array({value});
    }
    [[nodiscard]] static FilterPattern null() { return FilterPattern::array({nullptr}); }
    [[nodiscard]] static FilterPattern empty() { return FilterPattern::array({""}); }
    [[nodiscard]] static FilterPattern not_equals(const std::string& value) {
        return FilterPattern::array({{{"anything-but", FilterPattern::array({value})}}});
    }
    [[nodiscard]] static FilterPattern begins_with(const std::string& prefix) {
        return FilterPattern::array({{{"prefix", prefix}}});
    }
    [[nodiscard]] static FilterPattern or_of(const std::vector<std::string>& values) {
        FilterPattern out = FilterPattern::array();
        for (const auto& v : values)
            out.push_back(v);
        return out;
    }
};

class EventSourceMapping;

/// An on-failure destination of a stream mapping (CDK: IEventSourceDlq), e.g. lambda_event_sources::SqsDlq.
class IEventSourceDlq {
public:
    virtual ~IEventSourceDlq() = default;
    /// Grants `target_handler` what it needs and returns the destination's ARN.
    [[nodiscard]] virtual std::string bind(EventSourceMapping& target, IFunction& target_handler) const = 0;
};

/// Options of an event source mapping (CDK: EventSourceMappingOptions).
struct EventSourceMappingOptions {
    std::string event_source_arn;
    std::optional<double> batch_size;
    std::optional<bool> bisect_batch_on_error;
    const IEventSourceDlq* on_failure = nullptr;
    std::optional<bool> enabled;
    std::optional<StartingPosition> starting_position;
    /// Seconds since the epoch, with AT_TIMESTAMP only.
    std::optional<double> starting_position_timestamp;
    bool report_batch_item_failures = false;
    /// At most 300 s.
    std::optional<Duration> max_batching_window;
    /// 2 to 1000 (SQS: `ScalingConfig.MaximumConcurrency`).
    std::optional<double> max_concurrency;
    /// 60 s to 7 days.
    std::optional<Duration> max_record_age;
    /// -1 (infinite) or 0 to 10000.
    std::optional<double> retry_attempts;
    /// 1 to 10.
    std::optional<double> parallelization_factor;
    /// At most 900 s.
    std::optional<Duration> tumbling_window;
    /// Patterns from FilterCriteria::filter.
    std::vector<std::string> filters;
};

/// Props of an EventSourceMapping (CDK: EventSourceMappingProps): the target and the options.
struct EventSourceMappingProps {
    IFunction* target = nullptr;
    EventSourceMappingOptions options;
};

/// `AWS::Lambda::EventSourceMapping` (CDK: EventSourceMapping): Lambda reads the source and invokes the
/// target.
class EventSourceMapping : public Construct {
public:
    EventSourceMapping(Construct& scope, std::string_view id, const EventSourceMappingProps& props);

    /// The mapping's UUID (`Ref`).
    [[nodiscard]] std::string event_source_mapping_id() const { return resource_->ref(); }
    /// `arn:<partition>:lambda:<region>:<account>:event-source-mapping:<id>`.
    [[nodiscard]] std::string event_source_mapping_arn() const;
    [[nodiscard]] CfnEventSourceMapping& resource() { return *resource_; }

private:
    CfnEventSourceMapping* resource_ = nullptr;
};

/// Something that invokes a function (CDK: IEventSource): lib/lambda_event_sources.
class IEventSource {
public:
    virtual ~IEventSource() = default;
    virtual void bind(IFunction& target) = 0;
};

} // namespace cdk::lambda
