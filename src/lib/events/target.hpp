#pragma once

#include "core/json.hpp"
#include "lib/events/input.hpp"
#include "lib/iam/role.hpp"

#include <optional>
#include <string>

namespace cdk {
class Construct;
}

namespace cdk::events {

class IRule;

/// A retry policy of a target (CDK: RetryPolicy in RuleTargetConfig).
struct RetryPolicy {
    std::optional<int> maximum_retry_attempts;
    std::optional<int> maximum_event_age_in_seconds;
};

/// What a target tells its rule when it binds (CDK: RuleTargetConfig).
struct RuleTargetConfig {
    /// The target's id in the rule; `Target<n>` (n: the targets added before) when empty.
    std::string id;
    /// The ARN of the target (required).
    std::string arn;
    /// The role EventBridge assumes to reach the target (`RoleArn`).
    iam::IRole* role = nullptr;
    /// What the target gets instead of the event (`Input`, `InputPath` or `InputTransformer`), bound by the
    /// rule when it adds the target.
    std::optional<RuleTargetInput> input;
    /// The dead-letter queue's ARN (`DeadLetterConfig.Arn`).
    std::string dead_letter_arn;
    std::optional<RetryPolicy> retry_policy;
    /// Other `AWS::Events::Rule` Target properties, as CloudFormation names them (e.g. `SqsParameters`).
    Json extra = Json::object();
    /// The construct the target is (its stack's environment decides whether the target is cross-account).
    Construct* target_resource = nullptr;
};

/// The common options of targets (CDK: TargetBaseProps).
struct TargetBaseProps {
    /// The ARN of an SQS queue for events the target could not take.
    std::string dead_letter_queue_arn;
    /// How many times EventBridge retries (0..185).
    std::optional<int> retry_attempts;
    /// How long EventBridge keeps retrying (60 s .. 24 h).
    std::optional<Duration> max_event_age;
};

/// `DeadLetterConfig` and `RetryPolicy` of `props` (CDK: bindBaseTargetConfig).
void bind_base_target_config(const TargetBaseProps& props, RuleTargetConfig& config);

/// Something a rule sends events to (CDK: IRuleTarget); see lib/events_targets.
class IRuleTarget {
public:
    virtual ~IRuleTarget() = default;
    /// Called once when the target is added to `rule`; `id` is the id the rule would give it.
    virtual RuleTargetConfig bind(IRule& rule, const std::string& id) = 0;
};

} // namespace cdk::events
