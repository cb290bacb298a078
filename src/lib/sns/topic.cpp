#include "lib/sns/topic.hpp"

#include "constructs/stack.hpp"
#include "tokens/arn.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::sns {
namespace {

class ImportedTopic : public Construct, public ITopic {
public:
    ImportedTopic(Construct& scope, std::string_view id, std::string arn)
        : Construct(scope, id), arn_(std::move(arn)) {
        const ArnComponents parts = Arn::split(arn_, ArnFormat::NoResourceName);
        if (!Token::is_unresolved(arn_) && parts.service != "sns") {
            throw ValidationError("topic ARN '" + arn_ +
                                      "' is not arn:<partition>:sns:<region>:<account>:<name>",
                                  node().path());
        }
        name_ = parts.resource;
        account_ = parts.account;
    }
    std::string topic_arn() const override { return arn_; }
    std::string topic_name() const override { return name_; }
    kms::IKey* master_key() const override { return key_; }
    Construct& topic_construct() override { return *this; }
    void set_key(kms::IKey* key) { key_ = key; }
    std::string resource_account() const override { return account_; }
    iam::AddToResourcePolicyResult
    add_to_resource_policy(const iam::PolicyStatement& /*statement*/) override {
        return {};
    }

private:
    std::string arn_;
    std::string name_;
    std::string account_;
    kms::IKey* key_ = nullptr;
};

} // namespace

std::string ITopic::resource_account() const {
    return Stack::of(const_cast<ITopic*>(this)->topic_construct()).account();
}

Construct& ITopic::add_subscription(const ITopicSubscription& subscription) {
    const TopicSubscriptionConfig config = subscription.bind(*this);
    Construct& scope = config.subscriber_scope != nullptr ? *config.subscriber_scope : topic_construct();
    if (scope.node().try_find_child(config.subscriber_id) != nullptr) {
        throw ValidationError("a subscription with id \"" + config.subscriber_id +
                                  "\" already exists under the scope " + scope.node().path(),
                              topic_construct().node().path());
    }
    Construct& holder = make<Construct>(scope, config.subscriber_id);
    const std::string where = holder.node().path();
    // aws-cdk-lib's Subscription constructor checks, in its order.
    const std::string& protocol = config.protocol;
    if (config.raw_message_delivery.value_or(false) && protocol != "http" && protocol != "https" &&
        protocol != "sqs" && protocol != "firehose") {
        throw ValidationError("raw message delivery can only be enabled for HTTP, HTTPS, SQS, and Firehose "
                              "subscriptions, got protocol '" +
                                  protocol + "'",
                              where);
    }
    if (protocol == "firehose" && config.subscription_role_arn.empty()) {
        throw ValidationError("subscription_role_arn is required for subscriptions with a firehose protocol",
                              where);
    }
    CfnSubscriptionProps props{
        .endpoint = config.endpoint, .protocol = config.protocol, .topic_arn = topic_arn()};
    if (!config.filter_policy.empty()) {
        props.filter_policy = Prop<Json>::raw(detail::render_filter_policy(config.filter_policy, where));
    } else if (!config.filter_policy_with_message_body.empty()) {
        props.filter_policy =
            Prop<Json>::raw(detail::render_filter_policy(config.filter_policy_with_message_body, where));
        props.filter_policy_scope = std::string("MessageBody");
    }
    if (config.raw_message_delivery) props.raw_message_delivery = *config.raw_message_delivery;
    if (!config.region.empty()) props.region = config.region;
    if (!config.dead_letter_queue_arn.empty())
        props.redrive_policy = Prop<Json>::raw({{"deadLetterTargetArn", config.dead_letter_queue_arn}});
    if (!config.subscription_role_arn.empty()) props.subscription_role_arn = config.subscription_role_arn;
    if (config.delivery_policy)
        props.delivery_policy =
            Prop<Json>::raw(detail::render_delivery_policy(*config.delivery_policy, protocol, where));
    auto& resource = make<CfnSubscription>(holder, "Resource", props);
    if (config.subscription_dependency != nullptr)
        resource.node().add_dependency(*config.subscription_dependency);
    return holder;
}

iam::Grant ITopic::grant_publish(const iam::IGrantable& grantee) {
    iam::Grant ret = iam::Grant::add_to_principal_or_resource(
        {.grantee = grantee, .actions = {"sns:Publish"}, .resource_arns = {topic_arn()}, .resource = *this});
    if (kms::IKey* key = master_key()) key->grant(grantee, {"kms:Decrypt", "kms:GenerateDataKey*"});
    return ret;
}

std::string to_string(TracingConfig config) {
    return config == TracingConfig::Active ? "Active" : "PassThrough";
}

std::string to_string(FifoThroughputScope scope) {
    return scope == FifoThroughputScope::Topic ? "Topic" : "MessageGroup";
}

std::string to_string(LoggingProtocol protocol) {
    switch (protocol) {
    case LoggingProtocol::Http: return "http/s";
    case LoggingProtocol::Sqs: return "sqs";
    case LoggingProtocol::Lambda: return "lambda";
    case LoggingProtocol::Firehose: return "firehose";
    case LoggingProtocol::Application: return "application";
    }
    return "sqs";
}

void Topic::validate(const TopicProps& props) const {
    // aws-cdk-lib's checks in the Topic constructor, in its order.
    const bool fifo = props.fifo.value_or(false);
    if (props.content_based_deduplication.value_or(false) && !fifo)
        throw ValidationError("content based deduplication can only be enabled for FIFO SNS topics",
                              node().path());
    if (props.message_retention_period_in_days && !fifo)
        throw ValidationError("message_retention_period_in_days is only valid for FIFO SNS topics",
                              node().path());
    if (props.fifo_throughput_scope && !fifo)
        throw ValidationError("fifo_throughput_scope can only be set for FIFO SNS topics", node().path());
    if (props.message_retention_period_in_days &&
        (*props.message_retention_period_in_days > 365 || *props.message_retention_period_in_days < 1))
        throw ValidationError("message_retention_period_in_days must be an integer between 1 and 365, got " +
                                  std::to_string(*props.message_retention_period_in_days),
                              node().path());
    const std::string& sv = props.signature_version;
    if (!sv.empty() && !Token::is_unresolved(sv) && sv != "1" && sv != "2")
        throw ValidationError("signature_version must be \"1\" or \"2\", received: \"" + sv + "\"",
                              node().path());
    const std::string& dn = props.display_name;
    if (!dn.empty() && !Token::is_unresolved(dn) && dn.size() > 100)
        throw ValidationError("display_name must be less than or equal to 100 characters, got " +
                                  std::to_string(dn.size()),
                              node().path());
}

Topic::Topic(Construct& scope, std::string_view id, const TopicProps& props)
    : Construct(scope, id), key_(props.master_key) {
    validate(props);
    for (const auto& c : props.logging_configs)
        add_logging_config(c);
    CfnTopicProps cfn;
    if (props.message_retention_period_in_days)
        cfn.archive_policy =
            Prop<Json>::raw({{"MessageRetentionPeriod", *props.message_retention_period_in_days}});
    if (!props.display_name.empty()) cfn.display_name = props.display_name;
    std::string name = props.topic_name;
    if (props.fifo.value_or(false) && !name.empty() && !Token::is_unresolved(name) &&
        (name.size() < 5 || name.substr(name.size() - 5) != ".fifo")) {
        name += ".fifo";
    }
    if (!name.empty()) cfn.topic_name = name;
    if (key_ != nullptr) cfn.kms_master_key_id = key_->key_arn();
    if (props.content_based_deduplication)
        cfn.content_based_deduplication = *props.content_based_deduplication;
    if (props.fifo) cfn.fifo_topic = *props.fifo;
    if (!props.signature_version.empty()) cfn.signature_version = props.signature_version;
    cfn.delivery_status_logging = Prop<std::vector<CfnTopicLoggingConfigProperty>>::raw(
        Lazy::uncached_any([this](ResolveContext&) -> Json {
            if (logging_configs_.empty()) return Token::undefined();
            Json list = Json::array();
            for (const auto& c : logging_configs_) {
                Json entry = {{"Protocol", to_string(c.protocol)}};
                if (!c.failure_feedback_role_arn.empty())
                    entry["FailureFeedbackRoleArn"] = c.failure_feedback_role_arn;
                if (!c.success_feedback_role_arn.empty())
                    entry["SuccessFeedbackRoleArn"] = c.success_feedback_role_arn;
                if (c.success_feedback_sample_rate)
                    entry["SuccessFeedbackSampleRate"] = std::to_string(*c.success_feedback_sample_rate);
                list.push_back(entry);
            }
            return list;
        }));
    if (props.tracing_config) cfn.tracing_config = to_string(*props.tracing_config);
    if (props.fifo_throughput_scope) cfn.fifo_throughput_scope = to_string(*props.fifo_throughput_scope);
    resource_ = &make<CfnTopic>(*this, "Resource", cfn);
    if (props.enforce_ssl) add_to_resource_policy(detail::ssl_only_statement(topic_arn()));
    node().add_validation([this] {
        return policy_ != nullptr ? policy_->document().validate_for_resource_policy()
                                  : std::vector<std::string>{};
    });
}

void Topic::add_logging_config(const LoggingConfig& config) {
    if (config.success_feedback_sample_rate &&
        (*config.success_feedback_sample_rate < 0 || *config.success_feedback_sample_rate > 100)) {
        throw ValidationError("success feedback sample rate must be an integer between 0 and 100, got " +
                                  std::to_string(*config.success_feedback_sample_rate),
                              node().path());
    }
    logging_configs_.push_back(config);
}

ITopic& Topic::from_topic_attributes(Construct& scope, std::string_view id,
                                     const TopicAttributes& attributes) {
    auto& topic = make<ImportedTopic>(scope, id, attributes.topic_arn);
    topic.set_key(attributes.key);
    return topic;
}

ITopic& Topic::from_topic_arn(Construct& scope, std::string_view id, const std::string& arn) {
    return make<ImportedTopic>(scope, id, arn);
}

iam::AddToResourcePolicyResult Topic::add_to_resource_policy(const iam::PolicyStatement& statement) {
    return iam::add_to_resource_policy(*this, policy_, statement, std::vector<ITopic*>{this});
}

TopicPolicy::TopicPolicy(Construct& scope, std::string_view id, const TopicPolicyProps& props)
    : ResourcePolicy(scope, id, props.policy_document.value_or(iam::PolicyDocument({.assign_sids = true}))) {
    std::vector<std::string> arns;
    for (ITopic* t : props.topics) {
        if (t == nullptr)
            throw ValidationError("topic policy '" + node().id() + "': a topic is null", node().path());
        arns.push_back(t->topic_arn());
    }
    if (props.enforce_ssl) {
        for (const auto& arn : arns)
            document().add_statements({detail::ssl_only_statement(arn)});
    }
    make<CfnTopicPolicy>(
        *this, "Resource",
        CfnTopicPolicyProps{.policy_document = Prop<Json>::raw(document_json()), .topics = arns});
}

TopicPolicy::TopicPolicy(Construct& scope, std::string_view id, std::vector<ITopic*> topics)
    : TopicPolicy(scope, id, TopicPolicyProps{.topics = std::move(topics)}) {}

namespace detail {

iam::PolicyStatement ssl_only_statement(const std::string& topic_arn) {
    return iam::PolicyStatement({.sid = "AllowPublishThroughSSLOnly",
                                 .effect = iam::Effect::Deny,
                                 .actions = {"sns:Publish"},
                                 .principals = {iam::StarPrincipal()},
                                 .resources = {topic_arn},
                                 .conditions = {{"Bool", {{"aws:SecureTransport", "false"}}}}});
}

} // namespace detail

} // namespace cdk::sns
