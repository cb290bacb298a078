#pragma once

#include "cfn/duration.hpp"
#include "lib/dynamodb/table.hpp"
#include "lib/lambda/event_source_mapping.hpp"
#include "lib/lambda/function.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sns_subscriptions/subscriptions.hpp"
#include "lib/sqs/queue.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::lambda_event_sources {

/// Props of an SqsEventSource (CDK: SqsEventSourceProps).
struct SqsEventSourceProps {
    /// 1 to 10, or up to 10000 with `max_batching_window` (AWS default 10).
    std::optional<double> batch_size;
    /// At most 300 s.
    std::optional<Duration> max_batching_window;
    /// `FunctionResponseTypes: [ReportBatchItemFailures]`: the handler returns `batchItemFailures`.
    bool report_batch_item_failures = false;
    std::optional<bool> enabled;
    /// 2 to 1000.
    std::optional<double> max_concurrency;
    /// Patterns from lambda::FilterCriteria::filter.
    std::vector<std::string> filters;
};

/// Reads a queue (CDK: SqsEventSource): an event source mapping `SqsEventSource:<queue unique id>` on the
/// function and `grant_consume_messages` to it.
class SqsEventSource : public lambda::IEventSource {
public:
    explicit SqsEventSource(sqs::IQueue& queue, SqsEventSourceProps props = {});
    void bind(lambda::IFunction& target) override;
    /// The mapping's id and ARN, once bound.
    [[nodiscard]] std::string event_source_mapping_id() const;
    [[nodiscard]] std::string event_source_mapping_arn() const;

private:
    sqs::IQueue& queue_;
    SqsEventSourceProps props_;
    lambda::EventSourceMapping* mapping_ = nullptr;
};

/// Subscribes the function to a topic (CDK: SnsEventSource): a `LambdaSubscription`.
class SnsEventSource : public lambda::IEventSource {
public:
    explicit SnsEventSource(sns::ITopic& topic, sns_subscriptions::SubscriptionProps props = {})
        : topic_(topic), props_(std::move(props)) {}
    void bind(lambda::IFunction& target) override;

private:
    sns::ITopic& topic_;
    sns_subscriptions::SubscriptionProps props_;
};

/// A queue for the records a stream mapping gave up on (CDK: SqsDlq); the function may send to it.
class SqsDlq : public lambda::IEventSourceDlq {
public:
    explicit SqsDlq(sqs::IQueue& queue) : queue_(queue) {}
    [[nodiscard]] std::string bind(lambda::EventSourceMapping& target,
                                   lambda::IFunction& target_handler) const override;

private:
    sqs::IQueue& queue_;
};

/// Props of a stream source (CDK: StreamEventSourceProps / DynamoEventSourceProps).
struct DynamoEventSourceProps {
    /// Required.
    std::optional<lambda::StartingPosition> starting_position;
    /// Default 100.
    std::optional<double> batch_size;
    std::optional<bool> bisect_batch_on_error;
    bool report_batch_item_failures = false;
    std::optional<Duration> max_batching_window;
    std::optional<Duration> max_record_age;
    std::optional<double> retry_attempts;
    std::optional<double> parallelization_factor;
    const lambda::IEventSourceDlq* on_failure = nullptr;
    std::optional<Duration> tumbling_window;
    std::optional<bool> enabled;
    std::vector<std::string> filters;
};

/// Reads a table's stream (CDK: DynamoEventSource): a mapping `DynamoDBEventSource:<table unique id>` and
/// `grant_stream_read` to the function. The table needs a stream.
class DynamoEventSource : public lambda::IEventSource {
public:
    DynamoEventSource(dynamodb::ITable& table, DynamoEventSourceProps props);
    void bind(lambda::IFunction& target) override;
    [[nodiscard]] std::string event_source_mapping_id() const;
    [[nodiscard]] std::string event_source_mapping_arn() const;

private:
    dynamodb::ITable& table_;
    DynamoEventSourceProps props_;
    lambda::EventSourceMapping* mapping_ = nullptr;
};

} // namespace cdk::lambda_event_sources
