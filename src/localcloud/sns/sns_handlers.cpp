#include "localcloud/protocol/protocol.hpp"
#include "localcloud/protocol/query_input.hpp"
#include "localcloud/protocol/xml_writer.hpp"
#include "localcloud/sns/cfn_topic_provider.hpp"
#include "localcloud/sns/sns_backend.hpp"
#include "localcloud/sns/sns_routes.hpp"

namespace cdk::localcloud::sns {

namespace {

constexpr std::string_view kXmlns = "http://sns.amazonaws.com/doc/2010-03-31/";

/// `Attributes.entry.N.key/value` as a JSON object.
Json query_attributes(std::map<std::string, std::string>& p, const std::string& prefix) {
    Json out = Json::object();
    for (int i = 1;; ++i) {
        const std::string base = prefix + ".entry." + std::to_string(i);
        if (p.count(base + ".key") == 0) break;
        out[p[base + ".key"]] = p[base + ".value"];
    }
    return out;
}

/// SNS over the Query protocol; every operation is authorized as `sns:<Action>` on the topic.
class SnsService final : public Service {
public:
    explicit SnsService(CloudContext& cloud) : backend_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "sns"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Query; }
    [[nodiscard]] std::string_view xmlns() const override { return kXmlns; }

    Result<HttpResponse> handle(RequestContext& ctx) override {
        auto input = parse_query_input(ctx.http);
        if (!input) return input.error();
        auto& p = *input;
        const std::string action = p["Action"];
        const SnsCall call{ctx.caller, ctx.region, ctx.condition_context};
        XmlWriter w(false);
        if (action == "CreateTopic") {
            auto t = backend_.create_topic(call, p["Name"], query_attributes(p, "Attributes"), query_tags(p));
            if (!t) return t.error();
            w.leaf("TopicArn", (*t)["TopicArn"].get<std::string>());
        } else if (action == "DeleteTopic") {
            if (auto r = backend_.delete_topic(call, p["TopicArn"]); !r) return r.error();
        } else if (action == "GetTopicAttributes") {
            auto t = backend_.get_topic(call, p["TopicArn"], "sns:GetTopicAttributes");
            if (!t) return t.error();
            w.open("Attributes");
            for (const auto& [k, v] : (*t)["Attributes"].items()) {
                w.open("entry").leaf("key", k).leaf("value", v.get<std::string>()).close();
            }
            w.open("entry").leaf("key", "SubscriptionsConfirmed")
                .leaf("value", std::to_string((*t)["Subscriptions"].size())).close();
            w.close();
        } else if (action == "SetTopicAttributes") {
            if (auto r = backend_.set_attribute(call, p["TopicArn"], p["AttributeName"], p["AttributeValue"]); !r) {
                return r.error();
            }
        } else if (action == "ListTopics") {
            auto all = backend_.list_topics(call);
            if (!all) return all.error();
            w.open("Topics");
            for (const auto& t : *all) w.open("member").leaf("TopicArn", t["TopicArn"].get<std::string>()).close();
            w.close();
        } else if (action == "Subscribe") {
            auto arn = backend_.subscribe(call, p["TopicArn"], p["Protocol"], p["Endpoint"],
                                          query_attributes(p, "Attributes"));
            if (!arn) return arn.error();
            w.leaf("SubscriptionArn", *arn);
        } else if (action == "Unsubscribe") {
            if (auto r = backend_.unsubscribe(call, p["SubscriptionArn"]); !r) return r.error();
        } else if (action == "ListSubscriptionsByTopic") {
            auto t = backend_.get_topic(call, p["TopicArn"], "sns:ListSubscriptionsByTopic");
            if (!t) return t.error();
            w.open("Subscriptions");
            for (const auto& [arn, s] : (*t)["Subscriptions"].items()) {
                w.open("member").leaf("SubscriptionArn", arn).leaf("Owner", s.value("Owner", ""))
                    .leaf("Protocol", s.value("Protocol", "")).leaf("Endpoint", s.value("Endpoint", ""))
                    .leaf("TopicArn", p["TopicArn"]).close();
            }
            w.close();
        } else {
            return make_error("InvalidAction", "SNS action '" + action + "' is not implemented by localcloud", 400);
        }
        return render_query_result(action, w.str(), kXmlns, ctx.request_id);
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
