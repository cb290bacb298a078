#pragma once

#include "lib/lambda/function.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sqs/queue.hpp"

#include <optional>
#include <string>

namespace cdk::sns_subscriptions {

/// What every subscriber takes (CDK: SubscriptionProps of aws-sns-subscriptions).
struct SubscriptionProps {
    /// Filter on message attributes.
    sns::FilterPolicy filter_policy;
    /// Filter on the message body (not together with `filter_policy`).
    sns::FilterPolicyWithMessageBody filter_policy_with_message_body;
    /// Where undeliverable messages go; the topic is allowed to send to it in its queue policy.
    sqs::IQueue* dead_letter_queue = nullptr;
};

/// Props of an SqsSubscription (CDK: SqsSubscriptionProps).
struct SqsSubscriptionProps {
    /// Filter on message attributes.
    sns::FilterPolicy filter_policy;
    /// Filter on the message body (not together with `filter_policy`).
    sns::FilterPolicyWithMessageBody filter_policy_with_message_body;
    /// Where undeliverable messages go; the topic is allowed to send to it in its queue policy.
    sqs::IQueue* dead_letter_queue = nullptr;
    std::optional<bool> raw_message_delivery;
};

/// Delivers to a queue (CDK: SqsSubscription); adds the queue-policy statement for the topic.
class SqsSubscription : public sns::ITopicSubscription {
public:
    explicit SqsSubscription(sqs::IQueue& queue, SqsSubscriptionProps props = {})
        : queue_(queue), props_(std::move(props)) {}
    SqsSubscription(sqs::IQueue& queue, std::optional<bool> raw_message_delivery)
        : queue_(queue), props_({.raw_message_delivery = raw_message_delivery}) {}
    [[nodiscard]] sns::TopicSubscriptionConfig bind(sns::ITopic& topic) const override;

private:
    sqs::IQueue& queue_;
    SqsSubscriptionProps props_;
};

/// Invokes a function (CDK: LambdaSubscription); adds the function's permission for the topic.
class LambdaSubscription : public sns::ITopicSubscription {
public:
    explicit LambdaSubscription(lambda::IFunction& function, SubscriptionProps props = {})
        : function_(function), props_(std::move(props)) {}
    [[nodiscard]] sns::TopicSubscriptionConfig bind(sns::ITopic& topic) const override;

private:
    lambda::IFunction& function_;
    SubscriptionProps props_;
};

/// Props of an EmailSubscription (CDK: EmailSubscriptionProps).
struct EmailSubscriptionProps {
    /// Filter on message attributes.
    sns::FilterPolicy filter_policy;
    /// Filter on the message body (not together with `filter_policy`).
    sns::FilterPolicyWithMessageBody filter_policy_with_message_body;
    /// Where undeliverable messages go; the topic is allowed to send to it in its queue policy.
    sqs::IQueue* dead_letter_queue = nullptr;

    /// `email-json` instead of `email`.
    bool json = false;
};

/// Sends e-mail (CDK: EmailSubscription).
class EmailSubscription : public sns::ITopicSubscription {
public:
    explicit EmailSubscription(std::string address, EmailSubscriptionProps props = {})
        : address_(std::move(address)), props_(std::move(props)) {}
    EmailSubscription(std::string address, bool json)
        : address_(std::move(address)), props_({.json = json}) {}
    [[nodiscard]] sns::TopicSubscriptionConfig bind(sns::ITopic& topic) const override;

private:
    std::string address_;
    EmailSubscriptionProps props_;
};

/// Props of a UrlSubscription (CDK: UrlSubscriptionProps).
struct UrlSubscriptionProps {
    /// Filter on message attributes.
    sns::FilterPolicy filter_policy;
    /// Filter on the message body (not together with `filter_policy`).
    sns::FilterPolicyWithMessageBody filter_policy_with_message_body;
    /// Where undeliverable messages go; the topic is allowed to send to it in its queue policy.
    sqs::IQueue* dead_letter_queue = nullptr;

    std::optional<bool> raw_message_delivery;
    /// `http` or `https`; required when the URL is a token.
    std::string protocol;
    std::optional<sns::DeliveryPolicy> delivery_policy;
};

/// Posts to an http(s) URL (CDK: UrlSubscription).
class UrlSubscription : public sns::ITopicSubscription {
public:
    explicit UrlSubscription(std::string url, UrlSubscriptionProps props = {});
    UrlSubscription(std::string url, std::optional<bool> raw_message_delivery)
        : UrlSubscription(std::move(url),
                          UrlSubscriptionProps{.raw_message_delivery = raw_message_delivery}) {}
    [[nodiscard]] sns::TopicSubscriptionConfig bind(sns::ITopic& topic) const override;

private:
    std::string url_;
    UrlSubscriptionProps props_;
    std::string protocol_;
};

/// Sends text messages (CDK: SmsSubscription).
class SmsSubscription : public sns::ITopicSubscription {
public:
    explicit SmsSubscription(std::string phone_number, SubscriptionProps props = {})
        : phone_number_(std::move(phone_number)), props_(std::move(props)) {}
    [[nodiscard]] sns::TopicSubscriptionConfig bind(sns::ITopic& topic) const override;

private:
    std::string phone_number_;
    SubscriptionProps props_;
};

} // namespace cdk::sns_subscriptions
