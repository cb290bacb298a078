#pragma once

#include "constructs/construct.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/policy_document.hpp"
#include "lib/iam/resource_policy.hpp"
#include "lib/kms/key.hpp"
#include "lib/sns/generated/cfn_sns.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::sns {

class ITopic;

/// What a subscriber tells the topic when it binds (CDK: TopicSubscriptionConfig).
struct TopicSubscriptionConfig {
    /// Where the Subscription construct goes (default: the topic).
    Construct* subscriber_scope = nullptr;
    /// Its id (unique within the scope).
    std::string subscriber_id;
    std::string endpoint;
    /// `sqs`, `lambda`, `email`, `email-json`, `http`, `https`, `sms`, ...
    std::string protocol;
    std::optional<bool> raw_message_delivery;
    Json filter_policy = Json();
    /// Something the subscription must wait for (e.g. the queue policy).
    Construct* subscription_dependency = nullptr;
};

/// A subscriber of a topic (CDK: ITopicSubscription), see sns_subscriptions.
class ITopicSubscription {
public:
    virtual ~ITopicSubscription() = default;
    [[nodiscard]] virtual TopicSubscriptionConfig bind(ITopic& topic) const = 0;
};

/// A topic, created here or imported (CDK: ITopic).
class ITopic : public iam::IResourceWithPolicy {
public:
    [[nodiscard]] virtual std::string topic_arn() const = 0;
    [[nodiscard]] virtual std::string topic_name() const = 0;
    [[nodiscard]] virtual kms::IKey* master_key() const { return nullptr; }
    [[nodiscard]] virtual Construct& topic_construct() = 0;

    /// Creates the subscription (an `AWS::SNS::Subscription`) the subscriber describes.
    Construct& add_subscription(const ITopicSubscription& subscription);
    /// `sns:Publish` (and the key's encrypt/decrypt when encrypted).
    iam::Grant grant_publish(const iam::IGrantable& grantee);
    [[nodiscard]] std::string resource_account() const override;
};

/// Props of a Topic (CDK: TopicProps).
struct TopicProps {
    std::string display_name;
    std::string topic_name;
    kms::IKey* master_key = nullptr;
    std::optional<bool> fifo;
};

class TopicPolicy;

/// An SNS topic (CDK: Topic), rendered as `AWS::SNS::Topic`.
class Topic : public Construct, public ITopic {
public:
    Topic(Construct& scope, std::string_view id, const TopicProps& props = {});

    /// An existing topic by ARN.
    [[nodiscard]] static ITopic& from_topic_arn(Construct& scope, std::string_view id,
                                                const std::string& arn);

    [[nodiscard]] std::string topic_arn() const override { return resource_->ref(); }
    [[nodiscard]] std::string topic_name() const override { return resource_->get_att("TopicName"); }
    [[nodiscard]] kms::IKey* master_key() const override { return key_; }
    [[nodiscard]] Construct& topic_construct() override { return *this; }
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override;
    [[nodiscard]] CfnTopic& resource() { return *resource_; }

private:
    kms::IKey* key_ = nullptr;
    TopicPolicy* policy_ = nullptr;
    CfnTopic* resource_ = nullptr;
};

/// The resource policy of topics (CDK: TopicPolicy), rendered as `AWS::SNS::TopicPolicy`.
class TopicPolicy : public iam::ResourcePolicy {
public:
    TopicPolicy(Construct& scope, std::string_view id, std::vector<ITopic*> topics);
};

} // namespace cdk::sns
