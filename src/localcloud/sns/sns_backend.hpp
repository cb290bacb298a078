#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <string>
#include <vector>

namespace cdk::localcloud::sns {

/// Who asks, where, with which condition keys.
struct SnsCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// SNS topics and subscriptions (no delivery yet). Topics carry attributes (DisplayName, Policy, …), tags and
/// subscriptions; the Policy attribute is evaluated as a resource policy. Every method authorizes
/// `sns:<Action>` on the topic ARN.
class SnsBackend {
public:
    explicit SnsBackend(CloudContext& cloud) : cloud_(cloud) {}

    [[nodiscard]] Result<Json> create_topic(const SnsCall& call, const std::string& name,
                                            const Json& attributes, const Json& tags);
    [[nodiscard]] Result<Json> get_topic(const SnsCall& call, const std::string& arn,
                                         const std::string& action);
    [[nodiscard]] Result<void> set_attribute(const SnsCall& call, const std::string& arn,
                                             const std::string& name, const std::string& value);
    [[nodiscard]] Result<void> delete_topic(const SnsCall& call, const std::string& arn);
    [[nodiscard]] Result<std::vector<Json>> list_topics(const SnsCall& call);
    /// Returns the subscription ARN.
    [[nodiscard]] Result<std::string> subscribe(const SnsCall& call, const std::string& topic_arn,
                                                const std::string& protocol, const std::string& endpoint,
                                                const Json& attributes);
    /// Subscribe's subscription record: {SubscriptionArn, TopicArn, Protocol, Endpoint, Owner, Attributes,
    /// PendingConfirmation, Token?}. An SQS queue of another account than the subscriber's is pending until
    /// the queue's owner confirms with the token SNS sends to the queue; other subscriptions are confirmed at
    /// once.
    [[nodiscard]] Result<Json> subscribe_record(const SnsCall& call, const std::string& topic_arn,
                                                const std::string& protocol, const std::string& endpoint,
                                                const Json& attributes);
    /// ConfirmSubscription: the pending subscription of `topic_arn` with `token`; returns its ARN.
    [[nodiscard]] Result<std::string> confirm_subscription(const SnsCall& call, const std::string& topic_arn,
                                                           const std::string& token);
    /// Every subscription of the caller's account and region's topics, by topic then ARN.
    [[nodiscard]] Result<std::vector<Json>> list_subscriptions(const SnsCall& call);
    /// GetSubscriptionAttributes: the subscription's attributes with SNS's defaults.
    [[nodiscard]] Result<Json> subscription_attributes(const SnsCall& call,
                                                       const std::string& subscription_arn);
    [[nodiscard]] Result<void> set_subscription_attribute(const SnsCall& call,
                                                          const std::string& subscription_arn,
                                                          const std::string& name, const std::string& value);
    /// The SNS error for an unknown topic.
    [[nodiscard]] static Error topic_not_found();
    [[nodiscard]] Result<void> unsubscribe(const SnsCall& call, const std::string& subscription_arn);

private:
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::sns
