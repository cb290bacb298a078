#include "lib/events_targets/util.hpp"

#include "constructs/annotations.hpp"
#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "tokens/arn.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

namespace cdk::events_targets {
namespace {

/// CDK sameEnvDimension: the same unless both are resolved and differ.
bool same_dimension(const std::string& a, const std::string& b) {
    if (Token::is_unresolved(a) || Token::is_unresolved(b)) return true;
    return a == b;
}

/// The queue's environment (CDK: queue.env): the parts of a literal ARN (imports), else its stack's.
std::pair<std::string, std::string> queue_env(sqs::IQueue& queue) {
    const Stack& stack = Stack::of(queue.queue_construct());
    const std::string arn = queue.queue_arn();
    if (!Token::is_unresolved(arn)) {
        const ArnComponents parts = Arn::split(arn, ArnFormat::NoResourceName);
        return {parts.account, parts.region};
    }
    return {stack.account(), stack.region()};
}

} // namespace

std::string node_unique_id(const Construct& construct) {
    std::vector<std::string> components;
    for (const Construct* s : construct.node().scopes()) {
        if (s->node().scope() != nullptr) components.push_back(s->node().id());
    }
    return make_unique_id(components);
}

void bind_base_target_config(const TargetBaseProps& props, events::RuleTargetConfig& config) {
    events::TargetBaseProps base{.retry_attempts = props.retry_attempts,
                                 .max_event_age = props.max_event_age};
    if (props.dead_letter_queue != nullptr) base.dead_letter_queue_arn = props.dead_letter_queue->queue_arn();
    events::bind_base_target_config(base, config);
}

void add_to_dead_letter_queue_resource_policy(events::IRule& rule, sqs::IQueue& queue) {
    Construct& rule_construct = rule.rule_construct();
    const Stack& rule_stack = Stack::of(rule_construct);
    const auto [queue_account, queue_region] = queue_env(queue);
    if (!same_dimension(rule_stack.region(), queue_region)) {
        throw ValidationError("Cannot assign Dead Letter Queue in region " + queue_region + " to the rule " +
                                  node_unique_id(rule_construct) + " in region " + rule_stack.region() +
                                  ". Both the queue and the rule must be in the same region.",
                              rule_construct.node().path());
    }
    if (same_dimension(rule_stack.account(), queue_account)) {
        queue.add_to_resource_policy(
            iam::PolicyStatement({.sid = "AllowEventRule" + node_unique_id(rule_construct),
                                  .actions = {"sqs:SendMessage"},
                                  .principals = {iam::ServicePrincipal("events.amazonaws.com")},
                                  .resources = {queue.queue_arn()},
                                  .conditions = {{"ArnEquals", {{"aws:SourceArn", rule.rule_arn()}}}}}));
        return;
    }
    Annotations::of(rule_construct)
        .add_warning(
            "Cannot add a resource policy to your dead letter queue associated with rule " + rule.rule_arn() +
            " because the queue is in a different account. You must add the resource policy manually "
            "to the dead letter queue in account " +
            queue_account + ". [ack: @aws-cdk/aws-events-targets:manuallyAddDLQResourcePolicy]");
}

void add_lambda_permission(events::IRule& rule, lambda::IFunction& handler) {
    Construct& scope = rule.rule_construct();
    const std::string id = "AllowEventRule" + node_unique_id(handler.function_construct());
    if (scope.node().try_find_child(id) != nullptr) return;
    handler.add_permission(id, {.principal = iam::ServicePrincipal("events.amazonaws.com"),
                                .action = "lambda:InvokeFunction",
                                .source_arn = rule.rule_arn(),
                                .scope = &scope});
}

} // namespace cdk::events_targets
