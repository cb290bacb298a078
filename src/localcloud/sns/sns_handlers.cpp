#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/protocol/model_service.hpp"
#include "localcloud/sns/cfn_topic_provider.hpp"
#include "localcloud/sns/sns_backend.hpp"
#include "localcloud/sns/sns_publish.hpp"
#include "localcloud/sns/sns_routes.hpp"

#include <memory>

namespace cdk::localcloud::sns {

namespace {

/// SNS over the Query protocol, decoded, validated and encoded by the SNS model; every operation is
/// authorized as `sns:<Action>` on the topic.
class SnsService final : public ModelService {
public:
    SnsService(CloudContext& cloud, std::shared_ptr<SnsPublisher> publisher)
        : ModelService("sns"), backend_(cloud), publisher_(std::move(publisher)) {}

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
            for (const auto& t : *all)
                topics.push_back({{"TopicArn", t["TopicArn"]}});
            return Json{{"Topics", topics}};
        }
        if (op == "Subscribe") {
            auto sub =
                backend_.subscribe_record(call, topic, in.value("Protocol", ""), in.value("Endpoint", ""),
                                          in.value("Attributes", Json::object()));
            if (!sub) return sub.error();
            const bool pending = (*sub).value("PendingConfirmation", false);
            if (pending) publisher_->send_confirmation(*sub);
            return Json{{"SubscriptionArn", pending && !in.value("ReturnSubscriptionArn", false)
                                                ? std::string("pending confirmation")
                                                : (*sub)["SubscriptionArn"].get<std::string>()}};
        }
        if (op == "ConfirmSubscription") {
            auto arn = backend_.confirm_subscription(call, topic, in.value("Token", ""));
            if (!arn) return arn.error();
            return Json{{"SubscriptionArn", *arn}};
        }
        if (op == "ListSubscriptions") {
            auto all = backend_.list_subscriptions(call);
            if (!all) return all.error();
            return page(*all, in.value("NextToken", ""));
        }
        if (op == "GetSubscriptionAttributes") {
            auto attrs = backend_.subscription_attributes(call, in.value("SubscriptionArn", ""));
            if (!attrs) return attrs.error();
            return Json{{"Attributes", *attrs}};
        }
        if (op == "SetSubscriptionAttributes") {
            if (auto r = backend_.set_subscription_attribute(call, in.value("SubscriptionArn", ""),
                                                             in.value("AttributeName", ""),
                                                             in.value("AttributeValue", ""));
                !r) {
                return r.error();
            }
            return Json::object();
        }
        if (op == "Publish") {
            std::string target = topic.empty() ? in.value("TargetArn", "") : topic;
            if (target.empty()) {
                return make_error("InvalidParameter",
                                  in.contains("PhoneNumber")
                                      ? "Invalid parameter: PhoneNumber Reason: SMS is not "
                                        "delivered by localcloud"
                                      : "Invalid parameter: TopicArn or TargetArn Reason: no "
                                        "value for required parameter",
                                  400);
            }
            auto r = publisher_->publish(call, target, {in}, false);
            if (!r) return r.error();
            return std::move(*r->front().result);
        }
        if (op == "PublishBatch") {
            std::vector<Json> entries;
            for (const auto& e : in.value("PublishBatchRequestEntries", Json::array()))
                entries.push_back(e);
            auto r = publisher_->publish(call, topic, entries, true);
            if (!r) return r.error();
            Json ok_entries = Json::array();
            Json failed = Json::array();
            for (auto& e : *r) {
                if (e.result) {
                    Json out = std::move(*e.result);
                    out["Id"] = e.id;
                    ok_entries.push_back(std::move(out));
                } else {
                    failed.push_back(Json{{"Id", e.id},
                                          {"Code", e.result.error().code},
                                          {"Message", e.result.error().message},
                                          {"SenderFault", e.result.error().http_status < 500}});
                }
            }
            return Json{{"Successful", ok_entries}, {"Failed", failed}};
        }
        if (op == "Unsubscribe") {
            if (auto r = backend_.unsubscribe(call, in.value("SubscriptionArn", "")); !r) return r.error();
            return Json::object();
        }
        if (op == "ListSubscriptionsByTopic") {
            auto t = backend_.get_topic(call, topic, "sns:ListSubscriptionsByTopic");
            if (!t) return t.error();
            std::vector<Json> subscriptions;
            for (const auto& [arn, sub] : (*t)["Subscriptions"].items()) {
                Json view = sub;
                view["SubscriptionArn"] = arn;
                view["TopicArn"] = topic;
                subscriptions.push_back(std::move(view));
            }
            return page(subscriptions, in.value("NextToken", ""));
        }
        return not_implemented(op);
    }

    /// One page of 100 subscriptions in the API's shape; the token is the index of the next one.
    static Result<Json> page(const std::vector<Json>& all, const std::string& token) {
        std::size_t start = 0;
        if (!token.empty()) {
            const auto at = cdk::parse_int<std::size_t>(token);
            if (!at) return make_error("InvalidParameter", "Invalid parameter: NextToken", 400);
            start = *at;
        }
        Json out = Json::array();
        for (std::size_t i = start; i < all.size() && i < start + 100; ++i) {
            const Json& s = all[i];
            out.push_back({{"SubscriptionArn", s.value("PendingConfirmation", false)
                                                   ? std::string("PendingConfirmation")
                                                   : s["SubscriptionArn"].get<std::string>()},
                           {"Owner", s.value("Owner", "")},
                           {"Protocol", s.value("Protocol", "")},
                           {"Endpoint", s.value("Endpoint", "")},
                           {"TopicArn", s.value("TopicArn", "")}});
        }
        Json result{{"Subscriptions", out}};
        if (start + 100 < all.size()) result["NextToken"] = std::to_string(start + 100);
        return result;
    }

private:
    SnsBackend backend_;
    std::shared_ptr<SnsPublisher> publisher_;
};

ServerResponse text_response(int status, const std::string& content_type, std::string body) {
    ServerResponse r;
    r.status = status;
    r.body = std::move(body);
    r.set_header("Content-Type", content_type);
    return r;
}

/// The topic owner's account root: who the unauthenticated UnsubscribeURL and SubscribeURL act as.
Caller owner_of(const std::string& topic_arn) {
    Caller c;
    const auto parts = strings::split(topic_arn, ":");
    c.type = "root";
    c.principal.account = parts.size() > 4 ? parts[4] : "";
    c.principal.arn = "arn:aws:iam::" + c.principal.account + ":root";
    c.principal.is_root = true;
    return c;
}

std::string query_value(const ServerRequest& request, const std::string& name) {
    for (const auto& [k, v] : parse_query(request.query)) {
        if (k == name) return v;
    }
    return {};
}

} // namespace

void register_sns(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers) {
    auto publisher = std::make_shared<SnsPublisher>(cloud, services);
    services.add(std::make_unique<SnsService>(cloud, publisher));
    // What the envelope links to: the signing certificate, UnsubscribeURL and SubscribeURL (unauthenticated,
    // as on AWS: the subscription ARN or the token is the authority).
    cloud.internal_endpoints.emplace_back("/_localcloud/sns/", [&cloud,
                                                                publisher](const ServerRequest& request) {
        const std::string path = request.path.substr(std::string("/_localcloud/sns/").size());
        if (path == "SimpleNotificationService.pem") {
            auto cert = publisher->signer().certificate();
            if (!cert) return text_response(500, "text/plain", cert.error().to_string() + "\n");
            return text_response(200, "application/x-pem-file", *cert);
        }
        if (path == "unsubscribe" || path == "confirm") {
            const std::string arn = query_value(request, path == "confirm" ? "TopicArn" : "SubscriptionArn");
            const std::string topic = path == "confirm" ? arn : arn.substr(0, arn.rfind(':'));
            const auto parts = strings::split(topic, ":");
            if (parts.size() < 6) return text_response(400, "text/plain", "no such subscription or topic\n");
            SnsBackend backend(cloud);
            const SnsCall call{owner_of(topic), parts[3], {}};
            if (path == "confirm") {
                auto confirmed = backend.confirm_subscription(call, topic, query_value(request, "Token"));
                if (!confirmed) return text_response(400, "text/plain", confirmed.error().to_string() + "\n");
                return text_response(
                    200, "text/xml",
                    "<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>" + *confirmed +
                        "</SubscriptionArn></ConfirmSubscriptionResult>"
                        "</ConfirmSubscriptionResponse>\n");
            }
            if (auto r = backend.unsubscribe(call, arn); !r) {
                return text_response(400, "text/plain", r.error().to_string() + "\n");
            }
            return text_response(200, "text/xml",
                                 "<UnsubscribeResponse><UnsubscribeResult/></UnsubscribeResponse>\n");
        }
        return text_response(404, "text/plain", "localcloud's SNS has no " + request.path + "\n");
    });
    add_providers<CfnTopicProvider, CfnSubscriptionProvider, CfnTopicPolicyProvider>(cloud, providers);
}

} // namespace cdk::localcloud::sns
