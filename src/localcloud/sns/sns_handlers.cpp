#include "localcloud/protocol/model_service.hpp"
#include "localcloud/sns/cfn_topic_provider.hpp"
#include "localcloud/sns/sns_backend.hpp"
#include "localcloud/sns/sns_routes.hpp"

namespace cdk::localcloud::sns {

namespace {

/// SNS over the Query protocol, decoded, validated and encoded by the SNS model; every operation is
/// authorized as `sns:<Action>` on the topic.
class SnsService final : public ModelService {
public:
    explicit SnsService(CloudContext& cloud) : ModelService("sns"), backend_(cloud) {}

protected:
    Result<Json> call(RequestContext& ctx, const std::string& op, const Json& in) override {
        const SnsCall call{ctx.caller, ctx.region, ctx.condition_context};
        const std::string topic = in.value("TopicArn", "");
        if (op == "CreateTopic") {
            auto t = backend_.create_topic(call, in.value("Name", ""), in.value("Attributes", Json::object()),
                                           in.value("Tags", Json::array()));
            if (!t) return t.error();
            return Json{{"TopicArn", (*t)["TopicArn"]}};
        }
        if (op == "DeleteTopic") {
            if (auto r = backend_.delete_topic(call, topic); !r) return r.error();
            return Json::object();
        }
        if (op == "GetTopicAttributes") {
            auto t = backend_.get_topic(call, topic, "sns:GetTopicAttributes");
            if (!t) return t.error();
            Json attributes = (*t)["Attributes"];
            attributes["SubscriptionsConfirmed"] = std::to_string((*t)["Subscriptions"].size());
            return Json{{"Attributes", attributes}};
        }
        if (op == "SetTopicAttributes") {
            if (auto r = backend_.set_attribute(call, topic, in.value("AttributeName", ""),
                                                in.value("AttributeValue", ""));
                !r) {
                return r.error();
            }
            return Json::object();
        }
        if (op == "ListTopics") {
            auto all = backend_.list_topics(call);
            if (!all) return all.error();
            Json topics = Json::array();
            for (const auto& t : *all) topics.push_back({{"TopicArn", t["TopicArn"]}});
            return Json{{"Topics", topics}};
        }
        if (op == "Subscribe") {
            auto arn = backend_.subscribe(call, topic, in.value("Protocol", ""), in.value("Endpoint", ""),
                                          in.value("Attributes", Json::object()));
            if (!arn) return arn.error();
            return Json{{"SubscriptionArn", *arn}};
        }
        if (op == "Unsubscribe") {
            if (auto r = backend_.unsubscribe(call, in.value("SubscriptionArn", "")); !r) return r.error();
            return Json::object();
        }
        if (op == "ListSubscriptionsByTopic") {
            auto t = backend_.get_topic(call, topic, "sns:ListSubscriptionsByTopic");
            if (!t) return t.error();
            Json subscriptions = Json::array();
            for (const auto& [arn, sub] : (*t)["Subscriptions"].items()) {
                subscriptions.push_back({{"SubscriptionArn", arn},
                                         {"Owner", sub.value("Owner", "")},
                                         {"Protocol", sub.value("Protocol", "")},
                                         {"Endpoint", sub.value("Endpoint", "")},
                                         {"TopicArn", topic}});
            }
            return Json{{"Subscriptions", subscriptions}};
        }
        return not_implemented(op);
    }

private:
    SnsBackend backend_;
};

} // namespace

void register_sns(CloudContext& cloud, ServiceRegistry& services, cloudformation::ProviderRegistry& providers) {
    services.add(std::make_unique<SnsService>(cloud));
    providers.add(std::make_unique<CfnTopicProvider>(cloud));
    providers.add(std::make_unique<CfnSubscriptionProvider>(cloud));
    providers.add(std::make_unique<CfnTopicPolicyProvider>(cloud));
}

} // namespace cdk::localcloud::sns
