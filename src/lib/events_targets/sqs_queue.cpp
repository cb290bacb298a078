#include "lib/events_targets/sqs_queue.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"

namespace cdk::events_targets {

SqsQueue::SqsQueue(sqs::IQueue& queue, SqsQueueProps props) : queue_(&queue), props_(std::move(props)) {}

events::RuleTargetConfig SqsQueue::bind(events::IRule& rule, const std::string& /*id*/) {
    Construct& rule_construct = rule.rule_construct();
    const bool restrict_to_same_account =
        iam::detail::flag_enabled(rule_construct, "@aws-cdk/aws-events:eventsTargetQueueSameAccount");
    Json conditions = Json::object();
    if (queue_->encryption_master_key() == nullptr) {
        conditions = {{"ArnEquals", {{"aws:SourceArn", rule.rule_arn()}}}};
    } else if (restrict_to_same_account) {
        conditions = {{"StringEquals", {{"aws:SourceAccount", Stack::of(rule_construct).account()}}}};
    }
    queue_->grant_send_messages(iam::ServicePrincipal("events.amazonaws.com", conditions));
    if (props_.base.dead_letter_queue != nullptr)
        add_to_dead_letter_queue_resource_policy(rule, *props_.base.dead_letter_queue);
    events::RuleTargetConfig config{
        .arn = queue_->queue_arn(), .input = props_.message, .target_resource = &queue_->queue_construct()};
    bind_base_target_config(props_.base, config);
    if (!props_.message_group_id.empty())
        config.extra["SqsParameters"] = {{"MessageGroupId", props_.message_group_id}};
    return config;
}

} // namespace cdk::events_targets
