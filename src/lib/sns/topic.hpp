#pragma once

#include "constructs/construct.hpp"
#include "lib/cloudwatch/metric.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/policy_document.hpp"
#include "lib/iam/resource_policy.hpp"
#include "lib/kms/key.hpp"
#include "lib/sns/delivery_policy.hpp"
#include "lib/sns/generated/cfn_sns.hpp"
#include "lib/sns/subscription_filter.hpp"

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
    /// Only for http, https, sqs and firehose.
    std::optional<bool> raw_message_delivery;
    /// Filter on message attributes (at most one of the two filter policies).
    FilterPolicy filter_policy;
    /// Filter on the message body (`FilterPolicyScope: MessageBody`).
    FilterPolicyWithMessageBody filter_policy_with_message_body;
    /// http(s) only.
    std::optional<DeliveryPolicy> delivery_policy;
    /// The ARN of the dead-letter queue for undeliverable messages; the subscriber has already allowed the
    /// topic to send to it (sns_subscriptions does, as aws-cdk-lib's Subscription does).
    std::string dead_letter_queue_arn;
    /// The region of the endpoint when it differs from the topic's.
    std::string region;
    /// The role SNS assumes for firehose endpoints.
    std::string subscription_role_arn;
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

    /// `AWS/SNS` `<name>` with dimension TopicName, attached to the topic (CDK: metric; topic_metrics.cpp).
    [[nodiscard]] cloudwatch::Metric metric(const std::string& metric_name,
                                            const cloudwatch::MetricOptions& options = {});
    /// `NumberOfMessagesPublished` (Sum).
    [[nodiscard]] cloudwatch::Metric
    metric_number_of_messages_published(const cloudwatch::MetricOptions& o = {});
    /// `NumberOfNotificationsDelivered` (Sum).
    [[nodiscard]] cloudwatch::Metric
    metric_number_of_notifications_delivered(const cloudwatch::MetricOptions& o = {});
    /// `NumberOfNotificationsFailed` (Sum).
    [[nodiscard]] cloudwatch::Metric
    metric_number_of_notifications_failed(const cloudwatch::MetricOptions& o = {});
};

/// Active tracing of a topic (CDK: TracingConfig).
enum class TracingConfig { PassThrough, Active };
/// `PassThrough` / `Active`.
[[nodiscard]] std::string to_string(TracingConfig config);

/// Where a FIFO topic's throughput applies (CDK: FifoThroughputScope).
enum class FifoThroughputScope { Topic, MessageGroup };
/// `Topic` / `MessageGroup`.
[[nodiscard]] std::string to_string(FifoThroughputScope scope);

/// The protocol a topic's delivery-status log covers (CDK: LoggingProtocol).
enum class LoggingProtocol { Http, Sqs, Lambda, Firehose, Application };
/// `http/s`, `sqs`, `lambda`, `firehose`, `application`.
[[nodiscard]] std::string to_string(LoggingProtocol protocol);

/// Delivery-status logging of one protocol (CDK: LoggingConfig).
struct LoggingConfig {
    LoggingProtocol protocol = LoggingProtocol::Sqs;
    /// Role ARNs SNS writes the CloudWatch logs as (e.g. `role.role_arn()`).
    std::string failure_feedback_role_arn;
    std::string success_feedback_role_arn;
    /// Percentage of successful deliveries logged, 0 to 100.
    std::optional<int> success_feedback_sample_rate;
};

/// Props of a Topic (CDK: TopicProps).
struct TopicProps {
    std::string display_name;
    /// With `fifo`, `.fifo` is appended when missing.
    std::string topic_name;
    kms::IKey* master_key = nullptr;
    std::optional<bool> fifo;
    std::optional<bool> content_based_deduplication;
    /// Archive policy of a FIFO topic, 1 to 365 days.
    std::optional<int> message_retention_period_in_days;
    std::optional<FifoThroughputScope> fifo_throughput_scope;
    /// `"1"` (SHA1) or `"2"` (SHA256).
    std::string signature_version;
    std::optional<TracingConfig> tracing_config;
    std::vector<LoggingConfig> logging_configs;
    /// Denies `sns:Publish` without TLS in the topic policy (CDK: enforceSSL).
    bool enforce_ssl = false;
};

/// Attributes of an existing topic (CDK: TopicAttributes).
struct TopicAttributes {
    std::string topic_arn;
    /// The key the topic is encrypted with (grants then cover it).
    kms::IKey* key = nullptr;
    /// Whether content-based deduplication is on (FIFO topics only).
    bool content_based_deduplication = false;
};

class TopicPolicy;

/// An SNS topic (CDK: Topic), rendered as `AWS::SNS::Topic`.
class Topic : public Construct, public ITopic {
public:
    Topic(Construct& scope, std::string_view id, const TopicProps& props = {});

    /// An existing topic by ARN.
    [[nodiscard]] static ITopic& from_topic_arn(Construct& scope, std::string_view id,
                                                const std::string& arn);
    /// An existing topic by its attributes.
    [[nodiscard]] static ITopic& from_topic_attributes(Construct& scope, std::string_view id,
                                                       const TopicAttributes& attributes);

    [[nodiscard]] std::string topic_arn() const override { return resource_->ref(); }
    [[nodiscard]] std::string topic_name() const override { return resource_->get_att("TopicName"); }
    [[nodiscard]] kms::IKey* master_key() const override { return key_; }
    [[nodiscard]] Construct& topic_construct() override { return *this; }
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override;
    [[nodiscard]] CfnTopic& resource() { return *resource_; }
    /// Adds delivery-status logging for a protocol (rendered at synthesis).
    void add_logging_config(const LoggingConfig& config);
    /// The topic policy, null until the first add_to_resource_policy.
    [[nodiscard]] TopicPolicy* policy() const { return policy_; }

private:
    void validate(const TopicProps& props) const;

    kms::IKey* key_ = nullptr;
    TopicPolicy* policy_ = nullptr;
    CfnTopic* resource_ = nullptr;
    std::vector<LoggingConfig> logging_configs_;
};

/// Props of a TopicPolicy (CDK: TopicPolicyProps).
struct TopicPolicyProps {
    std::vector<ITopic*> topics;
    /// The document to render instead of the default one, which gives statements without a Sid their index
    /// as Sid (`"0"`, `"1"`, ...); a given document is rendered as it is (its own `assign_sids`).
    std::optional<iam::PolicyDocument> policy_document;
    /// Adds, per topic, the statement `AllowPublishThroughSSLOnly` denying `sns:Publish` without TLS.
    bool enforce_ssl = false;
};

/// The resource policy of topics (CDK: TopicPolicy), rendered as `AWS::SNS::TopicPolicy`.
class TopicPolicy : public iam::ResourcePolicy {
public:
    TopicPolicy(Construct& scope, std::string_view id, const TopicPolicyProps& props);
    TopicPolicy(Construct& scope, std::string_view id, std::vector<ITopic*> topics);
};

namespace detail {
/// aws-cdk-lib's `AllowPublishThroughSSLOnly` statement for a topic ARN.
[[nodiscard]] iam::PolicyStatement ssl_only_statement(const std::string& topic_arn);
} // namespace detail

} // namespace cdk::sns
