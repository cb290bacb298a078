#include "lib/sns_subscriptions/subscriptions.hpp"

#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

namespace cdk::sns_subscriptions {
namespace {

/// CDK Names.nodeUniqueId: make_unique_id of the ids from below the app down to the construct.
std::string node_unique_id(const Construct& c) {
    std::vector<std::string> ids;
    const auto scopes = c.node().scopes();
    for (size_t i = 1; i < scopes.size(); ++i)
        ids.push_back(scopes[i]->node().id());
    return make_unique_id(ids);
}

/// The subscriber's common props into the config; the dead-letter queue gets aws-cdk-lib's statement allowing
/// the topic to send to it (the Subscription constructor's buildDeadLetterQueue).
template <typename Props>
void apply_common(const Props& props, sns::ITopic& topic, sns::TopicSubscriptionConfig& config) {
    if (!props.filter_policy.empty() && !props.filter_policy_with_message_body.empty()) {
        throw ValidationError(
            "a subscription takes filter_policy or filter_policy_with_message_body, not both",
            topic.topic_construct().node().path());
    }
    config.filter_policy = props.filter_policy;
    config.filter_policy_with_message_body = props.filter_policy_with_message_body;
    sqs::IQueue* dlq = props.dead_letter_queue;
    if (dlq == nullptr) return;
    dlq->add_to_resource_policy(
        iam::PolicyStatement({.actions = {"sqs:SendMessage"},
                              .principals = {iam::ServicePrincipal("sns.amazonaws.com")},
                              .resources = {dlq->queue_arn()},
                              .conditions = {{"ArnEquals", {{"aws:SourceArn", topic.topic_arn()}}}}}));
    config.dead_letter_queue_arn = dlq->queue_arn();
}

bool flag_enabled(const Construct& scope, const std::string& flag) {
    const Json value = scope.node().try_get_context(flag);
    return (value.is_boolean() && value.get<bool>()) ||
           (value.is_string() && value.get<std::string>() == "true");
}

} // namespace

sns::TopicSubscriptionConfig SqsSubscription::bind(sns::ITopic& topic) const {
    if (queue_.encryption_type() == sqs::QueueEncryption::KmsManaged) {
        throw ValidationError(
            "an SQS queue encrypted by the AWS managed KMS key cannot be used as SNS subscription",
            topic.topic_construct().node().path());
    }
    if (props_.dead_letter_queue != nullptr &&
        props_.dead_letter_queue->encryption_type() == sqs::QueueEncryption::KmsManaged) {
        throw ValidationError(
            "an SQS queue encrypted by the AWS managed KMS key cannot be used as dead-letter queue",
            topic.topic_construct().node().path());
    }
    const iam::ServicePrincipal sns_principal("sns.amazonaws.com");
    const iam::AddToResourcePolicyResult added = queue_.add_to_resource_policy(
        iam::PolicyStatement({.actions = {"sqs:SendMessage"},
                              .principals = {sns_principal},
                              .resources = {queue_.queue_arn()},
                              .conditions = {{"ArnEquals", {{"aws:SourceArn", topic.topic_arn()}}}}}));
    if (kms::IKey* key = queue_.encryption_master_key()) {
        // @aws-cdk/aws-sns-subscriptions:restrictSqsDescryption limits the key statement to this topic.
        Json conditions = Json::object();
        if (flag_enabled(topic.topic_construct(), "@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption"))
            conditions = {{"ArnEquals", {{"aws:SourceArn", topic.topic_arn()}}}};
        key->add_to_resource_policy(iam::PolicyStatement({.actions = {"kms:Decrypt", "kms:GenerateDataKey"},
                                                          .principals = {sns_principal},
                                                          .resources = {"*"},
                                                          .conditions = conditions}));
    }
    sns::TopicSubscriptionConfig config{.subscriber_scope = &queue_.queue_construct(),
                                        .subscriber_id = node_unique_id(topic.topic_construct()),
                                        .endpoint = queue_.queue_arn(),
                                        .protocol = "sqs",
                                        .raw_message_delivery = props_.raw_message_delivery,
                                        .subscription_dependency = added.policy_dependable};
    apply_common(props_, topic, config);
    return config;
}

sns::TopicSubscriptionConfig LambdaSubscription::bind(sns::ITopic& topic) const {
    function_.add_permission(
        "AllowInvoke:" + node_unique_id(topic.topic_construct()),
        {.principal = iam::ServicePrincipal("sns.amazonaws.com"), .source_arn = topic.topic_arn()});
    sns::TopicSubscriptionConfig config{.subscriber_scope = &function_.function_construct(),
                                        .subscriber_id = topic.topic_construct().node().id(),
                                        .endpoint = function_.function_arn(),
                                        .protocol = "lambda"};
    apply_common(props_, topic, config);
    return config;
}

sns::TopicSubscriptionConfig EmailSubscription::bind(sns::ITopic& topic) const {
    sns::TopicSubscriptionConfig config{
        .subscriber_id = address_, .endpoint = address_, .protocol = props_.json ? "email-json" : "email"};
    apply_common(props_, topic, config);
    return config;
}

UrlSubscription::UrlSubscription(std::string url, UrlSubscriptionProps props)
    : url_(std::move(url)), props_(std::move(props)) {
    const bool unresolved = Token::is_unresolved(url_);
    if (!unresolved && url_.rfind("http://", 0) != 0 && url_.rfind("https://", 0) != 0) {
        throw ValidationError("URL must start with either http:// or https://, got '" + url_ + "'");
    }
    if (unresolved && props_.protocol.empty()) {
        throw ValidationError("a UrlSubscription with an unresolved URL needs a protocol (http or https)");
    }
    protocol_ = unresolved ? props_.protocol : (url_.rfind("https:", 0) == 0 ? "https" : "http");
}

sns::TopicSubscriptionConfig UrlSubscription::bind(sns::ITopic& topic) const {
    sns::TopicSubscriptionConfig config{.subscriber_id = url_,
                                        .endpoint = url_,
                                        .protocol = protocol_,
                                        .raw_message_delivery = props_.raw_message_delivery,
                                        .delivery_policy = props_.delivery_policy};
    apply_common(props_, topic, config);
    return config;
}

sns::TopicSubscriptionConfig SmsSubscription::bind(sns::ITopic& topic) const {
    sns::TopicSubscriptionConfig config{
        .subscriber_id = phone_number_, .endpoint = phone_number_, .protocol = "sms"};
    apply_common(props_, topic, config);
    return config;
}

} // namespace cdk::sns_subscriptions
