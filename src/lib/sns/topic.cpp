#include "lib/sns/topic.hpp"

#include "constructs/stack.hpp"
#include "tokens/arn.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/token.hpp"

namespace cdk::sns {
namespace {

class ImportedTopic : public Construct, public ITopic {
public:
    ImportedTopic(Construct& scope, std::string_view id, std::string arn)
        : Construct(scope, id), arn_(std::move(arn)) {
        const ArnComponents parts = Arn::split(arn_, ArnFormat::NoResourceName);
        if (!Token::is_unresolved(arn_) && parts.service != "sns") {
            throw ValidationError("topic ARN '" + arn_ + "' is not arn:<partition>:sns:<region>:<account>:<name>",
                                  node().path());
        }
        name_ = parts.resource;
        account_ = parts.account;
    }
    std::string topic_arn() const override { return arn_; }
    std::string topic_name() const override { return name_; }
    Construct& topic_construct() override { return *this; }
    std::string resource_account() const override { return account_; }
    iam::AddToResourcePolicyResult
    add_to_resource_policy(const iam::PolicyStatement& /*statement*/) override {
        return {};
    }

private:
    std::string arn_;
    std::string name_;
    std::string account_;
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
    CfnSubscriptionProps props{
        .endpoint = config.endpoint, .protocol = config.protocol, .topic_arn = topic_arn()};
    if (!config.filter_policy.is_null()) props.filter_policy = Prop<Json>::raw(config.filter_policy);
    if (config.raw_message_delivery) props.raw_message_delivery = *config.raw_message_delivery;
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

Topic::Topic(Construct& scope, std::string_view id, const TopicProps& props)
    : Construct(scope, id), key_(props.master_key) {
    CfnTopicProps cfn;
    if (!props.display_name.empty()) cfn.display_name = props.display_name;
    std::string name = props.topic_name;
    if (props.fifo.value_or(false)) {
        cfn.fifo_topic = true;
        if (!name.empty() && !Token::is_unresolved(name) &&
            (name.size() < 5 || name.substr(name.size() - 5) != ".fifo")) {
            name += ".fifo";
        }
    }
    if (key_ != nullptr) cfn.kms_master_key_id = key_->key_arn();
    if (!name.empty()) cfn.topic_name = name;
    resource_ = &make<CfnTopic>(*this, "Resource", cfn);
}

ITopic& Topic::from_topic_arn(Construct& scope, std::string_view id, const std::string& arn) {
    return make<ImportedTopic>(scope, id, arn);
}

iam::AddToResourcePolicyResult Topic::add_to_resource_policy(const iam::PolicyStatement& statement) {
    return iam::add_to_resource_policy(*this, policy_, statement, std::vector<ITopic*>{this});
}

TopicPolicy::TopicPolicy(Construct& scope, std::string_view id, std::vector<ITopic*> topics)
    : ResourcePolicy(scope, id) {
    std::vector<std::string> arns;
    for (ITopic* t : topics)
        arns.push_back(t->topic_arn());
    make<CfnTopicPolicy>(*this, "Resource",
                         CfnTopicPolicyProps{.policy_document = Prop<Json>::raw(document_json()), .topics = arns});
}

} // namespace cdk::sns
