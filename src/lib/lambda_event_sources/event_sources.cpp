#include "lib/lambda_event_sources/event_sources.hpp"

#include "constructs/annotations.hpp"
#include "constructs/unique_id.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <cstdio>

namespace cdk::lambda_event_sources {
namespace {

/// CDK Names.nodeUniqueId: make_unique_id of the ids from below the app down to the construct.
std::string node_unique_id(const Construct& c) {
    std::vector<std::string> ids;
    const auto scopes = c.node().scopes();
    for (size_t i = 1; i < scopes.size(); ++i)
        ids.push_back(scopes[i]->node().id());
    return make_unique_id(ids);
}

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

SqsEventSource::SqsEventSource(sqs::IQueue& queue, SqsEventSourceProps props)
    : queue_(queue), props_(std::move(props)) {
    const std::string path = queue_.queue_construct().node().path();
    if (props_.max_batching_window && props_.max_batching_window->to_seconds() > 300) {
        throw ValidationError("Maximum batching window must be 300 seconds or less (given " +
                                  number_text(props_.max_batching_window->to_seconds()) + " seconds)",
                              path);
    }
    if (props_.batch_size && !Token::is_unresolved(*props_.batch_size)) {
        const double n = *props_.batch_size;
        if (props_.max_batching_window && (n < 1 || n > 10000)) {
            throw ValidationError("Maximum batch size must be between 1 and 10000 inclusive (given " +
                                      number_text(n) + ") when batching window is specified.",
                                  path);
        }
        if (!props_.max_batching_window && (n < 1 || n > 10)) {
            throw ValidationError("Maximum batch size must be between 1 and 10 inclusive (given " +
                                      number_text(n) + ") when batching window is not specified.",
                                  path);
        }
    }
}

void SqsEventSource::bind(lambda::IFunction& target) {
    mapping_ =
        &target.add_event_source_mapping("SqsEventSource:" + node_unique_id(queue_.queue_construct()),
                                         {.event_source_arn = queue_.queue_arn(),
                                          .batch_size = props_.batch_size,
                                          .enabled = props_.enabled,
                                          .report_batch_item_failures = props_.report_batch_item_failures,
                                          .max_batching_window = props_.max_batching_window,
                                          .max_concurrency = props_.max_concurrency,
                                          .filters = props_.filters});
    if (target.role() != nullptr) {
        queue_.grant_consume_messages(target);
    } else {
        Annotations::of(target.function_construct())
            .add_warning(
                "Function '" + target.function_construct().node().path() +
                "' was imported without an IAM role so it was not granted access to consume messages "
                "from '" +
                queue_.queue_construct().node().path() +
                "' [ack: @aws-cdk/aws-lambda-event-sources:sqsFunctionImportWithoutRole]");
    }
}

std::string SqsEventSource::event_source_mapping_id() const {
    if (mapping_ == nullptr)
        throw ValidationError("SqsEventSource is not yet bound to an event source mapping");
    return mapping_->event_source_mapping_id();
}

std::string SqsEventSource::event_source_mapping_arn() const {
    if (mapping_ == nullptr)
        throw ValidationError("SqsEventSource is not yet bound to an event source mapping");
    return mapping_->event_source_mapping_arn();
}

void SnsEventSource::bind(lambda::IFunction& target) {
    topic_.add_subscription(sns_subscriptions::LambdaSubscription(target, props_));
}

std::string SqsDlq::bind(lambda::EventSourceMapping&, lambda::IFunction& target_handler) const {
    queue_.grant_send_messages(target_handler);
    return queue_.queue_arn();
}

DynamoEventSource::DynamoEventSource(dynamodb::ITable& table, DynamoEventSourceProps props)
    : table_(table), props_(std::move(props)) {
    if (!props_.starting_position) {
        throw ValidationError("a DynamoEventSource needs a starting_position",
                              table_.table_construct().node().path());
    }
}

void DynamoEventSource::bind(lambda::IFunction& target) {
    const auto stream = table_.table_stream_arn();
    if (!stream) {
        throw ValidationError("DynamoDB Streams must be enabled on the table " +
                                  table_.table_construct().node().path(),
                              table_.table_construct().node().path());
    }
    mapping_ =
        &target.add_event_source_mapping("DynamoDBEventSource:" + node_unique_id(table_.table_construct()),
                                         {.event_source_arn = *stream,
                                          .batch_size = props_.batch_size.value_or(100),
                                          .bisect_batch_on_error = props_.bisect_batch_on_error,
                                          .on_failure = props_.on_failure,
                                          .enabled = props_.enabled,
                                          .starting_position = props_.starting_position,
                                          .report_batch_item_failures = props_.report_batch_item_failures,
                                          .max_batching_window = props_.max_batching_window,
                                          .max_record_age = props_.max_record_age,
                                          .retry_attempts = props_.retry_attempts,
                                          .parallelization_factor = props_.parallelization_factor,
                                          .tumbling_window = props_.tumbling_window,
                                          .filters = props_.filters});
    table_.grant_stream_read(target);
}

std::string DynamoEventSource::event_source_mapping_id() const {
    if (mapping_ == nullptr)
        throw ValidationError("DynamoEventSource is not yet bound to an event source mapping");
    return mapping_->event_source_mapping_id();
}

std::string DynamoEventSource::event_source_mapping_arn() const {
    if (mapping_ == nullptr)
        throw ValidationError("DynamoEventSource is not yet bound to an event source mapping");
    return mapping_->event_source_mapping_arn();
}

} // namespace cdk::lambda_event_sources
