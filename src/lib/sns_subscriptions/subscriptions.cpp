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

} // namespace

sns::TopicSubscriptionConfig SqsSubscription::bind(sns::ITopic& topic) const {
    if (queue_.encryption_type() == sqs::QueueEncryption::KmsManaged) {
        throw ValidationError(
            "an SQS queue encrypted by the AWS managed KMS key cannot be used as SNS subscription",
            topic.topic_construct().node().path());
    }
    const iam::ServicePrincipal sns_principal("sns.amazonaws.com");
    const iam::AddToResourcePolicyResult added = queue_.add_to_resource_policy(
        iam::PolicyStatement({.actions = {"sqs:SendMessage"},
                              .principals = {sns_principal},
                              .resources = {queue_.queue_arn()},
                              .conditions = {{"ArnEquals", {{"aws:SourceArn", topic.topic_arn()}}}}}));
    if (kms::IKey* key = queue_.encryption_master_key()) {
        key->add_to_resource_policy(iam::PolicyStatement({.actions = {"kms:Decrypt", "kms:GenerateDataKey"},
                                                          .principals = {sns_principal},
                                                          .resources = {"*"}}));
    }
    return {.subscriber_scope = &queue_.queue_construct(),
            .subscriber_id = node_unique_id(topic.topic_construct()),
            .endpoint = queue_.queue_arn(),
            .protocol = "sqs",
            .raw_message_delivery = raw_,
            .subscription_dependency = added.policy_dependable};
}

sns::TopicSubscriptionConfig LambdaSubscription::bind(sns::ITopic& topic) const {
    function_.add_permission(
        "AllowInvoke:" + node_unique_id(topic.topic_construct()),
        {.principal = iam::ServicePrincipal("sns.amazonaws.com"), .source_arn = topic.topic_arn()});
    return {.subscriber_scope = &function_.function_construct(),
            .subscriber_id = topic.topic_construct().node().id(),
            .endpoint = function_.function_arn(),
            .protocol = "lambda"};
}

sns::TopicSubscriptionConfig EmailSubscription::bind(sns::ITopic& /*topic*/) const {
    return {.subscriber_id = address_, .endpoint = address_, .protocol = json_ ? "email-json" : "email"};
}

sns::TopicSubscriptionConfig UrlSubscription::bind(sns::ITopic& topic) const {
    if (Token::is_unresolved(url_)) {
        throw ValidationError(
            "a UrlSubscription with a token URL needs an explicit protocol, which cdkpp does not "
            "support yet; use a literal http(s) URL",
            topic.topic_construct().node().path());
    }
    const bool https = url_.rfind("https://", 0) == 0;
    if (!https && url_.rfind("http://", 0) != 0) {
        throw ValidationError("URL '" + url_ + "' must start with http:// or https://",
                              topic.topic_construct().node().path());
    }
    return {.subscriber_id = url_,
            .endpoint = url_,
            .protocol = https ? "https" : "http",
            .raw_message_delivery = raw_};
}

} // namespace cdk::sns_subscriptions
