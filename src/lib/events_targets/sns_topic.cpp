#include "lib/events_targets/sns_topic.hpp"

#include "lib/events_targets/codepipeline_target.hpp"
#include "tokens/errors.hpp"

namespace cdk::events_targets {

SnsTopic::SnsTopic(sns::ITopic& topic, SnsTopicProps props) : topic_(&topic), props_(std::move(props)) {}

events::RuleTargetConfig SnsTopic::bind(events::IRule& rule, const std::string& /*id*/) {
    iam::IRole* role = nullptr;
    // CDK: `authorizeUsingRole ?? role` decides.
    const bool use_role = props_.authorize_using_role ? *props_.authorize_using_role : props_.role != nullptr;
    if (use_role) {
        role = props_.role != nullptr ? props_.role : &singleton_event_role(rule.rule_construct());
        topic_->grant_publish(*role);
    } else {
        if (props_.role != nullptr) {
            throw ValidationError("Cannot provide a role when authorizeUsingRole is false",
                                  rule.rule_construct().node().path());
        }
        topic_->grant_publish(iam::ServicePrincipal("events.amazonaws.com"));
    }
    if (props_.base.dead_letter_queue != nullptr)
        add_to_dead_letter_queue_resource_policy(rule, *props_.base.dead_letter_queue);
    events::RuleTargetConfig config{.arn = topic_->topic_arn(),
                                    .role = role,
                                    .input = props_.message,
                                    .target_resource = &topic_->topic_construct()};
    bind_base_target_config(props_.base, config);
    return config;
}

} // namespace cdk::events_targets
