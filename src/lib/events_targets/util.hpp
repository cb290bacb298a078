#pragma once

#include "cfn/duration.hpp"
#include "lib/events/rule.hpp"
#include "lib/events/target.hpp"
#include "lib/lambda/function.hpp"
#include "lib/sqs/queue.hpp"

#include <optional>
#include <string>

namespace cdk::events_targets {

/// The options every target of this library has (CDK: TargetBaseProps).
struct TargetBaseProps {
    /// The queue for events the target could not take (`DeadLetterConfig`); it gets a queue-policy statement
    /// letting the rule send to it (same account; a warning across accounts; an error across regions).
    sqs::IQueue* dead_letter_queue = nullptr;
    /// How many times EventBridge retries (`RetryPolicy.MaximumRetryAttempts`; rendered when >= 0).
    std::optional<int> retry_attempts;
    /// How long EventBridge keeps retrying (`RetryPolicy.MaximumEventAgeInSeconds`).
    std::optional<Duration> max_event_age;
};

/// `DeadLetterConfig` and `RetryPolicy` of `props` into `config` (CDK: bindBaseTargetConfig).
void bind_base_target_config(const TargetBaseProps& props, events::RuleTargetConfig& config);

/// Lets `rule` send to its dead-letter queue (CDK: addToDeadLetterQueueResourcePolicy): a queue-policy
/// statement `AllowEventRule<rule's unique id>` for `events.amazonaws.com` with `aws:SourceArn` the rule.
/// Throws ValidationError when the queue is in another region; warns when it is in another account.
void add_to_dead_letter_queue_resource_policy(events::IRule& rule, sqs::IQueue& queue);

/// Lets `rule` invoke `handler` (CDK: addLambdaPermission): an `AWS::Lambda::Permission`
/// `AllowEventRule<handler's unique id>` under the rule, once.
void add_lambda_permission(events::IRule& rule, lambda::IFunction& handler);

/// The CDK's Names.nodeUniqueId of a construct.
[[nodiscard]] std::string node_unique_id(const Construct& construct);

} // namespace cdk::events_targets
