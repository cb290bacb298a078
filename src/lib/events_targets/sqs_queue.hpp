#pragma once

#include "lib/events/input.hpp"
#include "lib/events/rule.hpp"
#include "lib/events/target.hpp"
#include "lib/events_targets/util.hpp"
#include "lib/sqs/queue.hpp"

#include <optional>
#include <string>

namespace cdk::events_targets {

/// Options of the SQS target (CDK: SqsQueueProps).
struct SqsQueueProps {
    TargetBaseProps base;
    /// The message group of a FIFO queue (`SqsParameters.MessageGroupId`).
    std::string message_group_id;
    /// What is sent instead of the event.
    std::optional<events::RuleTargetInput> message;
};

/// Sends the events to a queue (CDK: targets.SqsQueue). The queue's policy lets `events.amazonaws.com`
/// send (`sqs:SendMessage`, `sqs:GetQueueAttributes`, `sqs:GetQueueUrl`) on the condition `ArnEquals
/// aws:SourceArn` the rule. A KMS-encrypted queue gets no condition (with the feature flag
/// `@aws-cdk/aws-events:eventsTargetQueueSameAccount`, `StringEquals aws:SourceAccount` the rule's account)
/// and its key lets the service encrypt and decrypt.
class SqsQueue : public events::IRuleTarget {
public:
    explicit SqsQueue(sqs::IQueue& queue, SqsQueueProps props = {});
    events::RuleTargetConfig bind(events::IRule& rule, const std::string& id) override;

private:
    sqs::IQueue* queue_;
    SqsQueueProps props_;
};

} // namespace cdk::events_targets
