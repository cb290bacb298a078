#pragma once

#include "lib/events/input.hpp"
#include "lib/events/rule.hpp"
#include "lib/events/target.hpp"
#include "lib/events_targets/util.hpp"
#include "lib/sns/topic.hpp"

#include <optional>

namespace cdk::events_targets {

/// Options of the SNS target (CDK: SnsTopicProps).
struct SnsTopicProps {
    TargetBaseProps base;
    /// What is published instead of the event.
    std::optional<events::RuleTargetInput> message;
    /// Publish through a role (the given one, else the rule's `EventsRole`, assumed by
    /// `events.amazonaws.com`) instead of the topic policy. Defaults to true when `role` is given.
    std::optional<bool> authorize_using_role;
    /// The role EventBridge assumes to publish; only with `authorize_using_role` not false.
    iam::IRole* role = nullptr;
};

/// Publishes the events to a topic (CDK: targets.SnsTopic): the topic policy lets `events.amazonaws.com`
/// `sns:Publish`, or (authorize_using_role) the role gets `sns:Publish` and the target its `RoleArn`.
class SnsTopic : public events::IRuleTarget {
public:
    explicit SnsTopic(sns::ITopic& topic, SnsTopicProps props = {});
    events::RuleTargetConfig bind(events::IRule& rule, const std::string& id) override;

private:
    sns::ITopic* topic_;
    SnsTopicProps props_;
};

} // namespace cdk::events_targets
