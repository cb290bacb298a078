#pragma once

#include "lib/lambda/function.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sqs/queue.hpp"

#include <optional>
#include <string>

namespace cdk::sns_subscriptions {

/// Delivers to a queue (CDK: SqsSubscription); adds the queue-policy statement for the topic.
class SqsSubscription : public sns::ITopicSubscription {
public:
    explicit SqsSubscription(sqs::IQueue& queue, std::optional<bool> raw_message_delivery = std::nullopt)
        : queue_(queue), raw_(raw_message_delivery) {}
    [[nodiscard]] sns::TopicSubscriptionConfig bind(sns::ITopic& topic) const override;

private:
    sqs::IQueue& queue_;
    std::optional<bool> raw_;
};

/// Invokes a function (CDK: LambdaSubscription); adds the function's permission for the topic.
class LambdaSubscription : public sns::ITopicSubscription {
public:
    explicit LambdaSubscription(lambda::IFunction& function) : function_(function) {}
    [[nodiscard]] sns::TopicSubscriptionConfig bind(sns::ITopic& topic) const override;

private:
    lambda::IFunction& function_;
};

/// Sends e-mail (CDK: EmailSubscription); `json` selects `email-json`.
class EmailSubscription : public sns::ITopicSubscription {
public:
    explicit EmailSubscription(std::string address, bool json = false)
        : address_(std::move(address)), json_(json) {}
    [[nodiscard]] sns::TopicSubscriptionConfig bind(sns::ITopic& topic) const override;

private:
    std::string address_;
    bool json_;
};

/// Posts to an http(s) URL (CDK: UrlSubscription).
class UrlSubscription : public sns::ITopicSubscription {
public:
    explicit UrlSubscription(std::string url, std::optional<bool> raw_message_delivery = std::nullopt)
        : url_(std::move(url)), raw_(raw_message_delivery) {}
    [[nodiscard]] sns::TopicSubscriptionConfig bind(sns::ITopic& topic) const override;

private:
    std::string url_;
    std::optional<bool> raw_;
};

} // namespace cdk::sns_subscriptions
