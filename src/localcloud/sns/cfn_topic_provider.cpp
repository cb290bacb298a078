#include "localcloud/sns/cfn_topic_provider.hpp"

#include "localcloud/server/cfn_support.hpp"
#include "localcloud/sns/sns_backend.hpp"

namespace cdk::localcloud::sns {

namespace {

constexpr auto call_of = &cfn::service_call<SnsCall>;

/// Topic attributes a template sets directly.
Json topic_attributes(const Json& p) {
    Json out = Json::object();
    for (const char* k : {"DisplayName", "KmsMasterKeyId", "FifoTopic", "ContentBasedDeduplication",
                          "SignatureVersion", "TracingConfig"}) {
        if (p.contains(k)) out[k] = cfn::str(p, k);
    }
    return out;
}

ResourceResponse topic_response(const Json& topic) {
    return ResourceResponse{topic["TopicArn"].get<std::string>(),
                            Json{{"TopicArn", topic["TopicArn"]}, {"TopicName", topic["Name"]}}};
}

Result<ResourceResponse> create_topic(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    const std::string name = cfn::fifo_name_or_generated(request, "TopicName", "FifoTopic", 256);
    SnsBackend backend(cloud);
    const SnsCall call = call_of(request);
    auto topic = backend.create_topic(call, name, topic_attributes(p), cfn::tags(p));
    if (!topic) return topic.error();
    for (const auto& s : p.value("Subscription", Json::array())) {
        auto sub = backend.subscribe(call, (*topic)["TopicArn"].get<std::string>(), cfn::str(s, "Protocol"),
                                     cfn::str(s, "Endpoint"), Json::object());
        if (!sub) return sub.error();
    }
    return topic_response(*topic);
}

Result<ResourceResponse> update_topic(CloudContext& cloud, const ResourceRequest& request) {
    SnsBackend backend(cloud);
    const SnsCall call = call_of(request);
    const Json attributes = topic_attributes(cfn::props(request));
    for (const auto& [k, v] : attributes.items()) {
        if (auto r = backend.set_attribute(call, request.physical_id, k, v.get<std::string>()); !r)
            return r.error();
    }
    auto topic = backend.get_topic(call, request.physical_id, "sns:GetTopicAttributes");
    if (!topic) return topic.error();
    return topic_response(*topic);
}

Result<void> remove_topic(CloudContext& cloud, const ResourceRequest& request) {
    SnsBackend backend(cloud);
    return backend.delete_topic(call_of(request), request.physical_id);
}

/// The subscription attributes a template sets (JSON-valued ones as their text).
Json subscription_attributes(const Json& p) {
    Json attributes = Json::object();
    for (const char* k : {"RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy",
                          "DeliveryPolicy", "SubscriptionRoleArn"}) {
        if (p.is_object() && p.contains(k)) attributes[k] = cfn::str(p, k);
    }
    return attributes;
}

Result<ResourceResponse> create_subscription(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    const Json attributes = subscription_attributes(p);
    SnsBackend backend(cloud);
    auto arn = backend.subscribe(call_of(request), cfn::str(p, "TopicArn"), cfn::str(p, "Protocol"),
                                 cfn::str(p, "Endpoint"), attributes);
    if (!arn) return arn.error();
    return cfn::self_response(*arn, "Arn");
}

/// Attributes set, changed or removed by the new template (SetSubscriptionAttributes; a removed one goes back
/// to SNS's default by an empty value).
Result<ResourceResponse> update_subscription(CloudContext& cloud, const ResourceRequest& request) {
    const Json now = subscription_attributes(cfn::props(request));
    const Json before = subscription_attributes(request.previous_properties);
    SnsBackend backend(cloud);
    const SnsCall call = call_of(request);
    for (const auto& [k, v] : now.items()) {
        if (before.value(k, "") == v.get<std::string>()) continue;
        if (auto r = backend.set_subscription_attribute(call, request.physical_id, k, v.get<std::string>());
            !r) {
            return r.error();
        }
    }
    for (const auto& [k, v] : before.items()) {
        (void)v;
        if (now.contains(k)) continue;
        const std::string reset = k == "RawMessageDelivery" ? "false" : "";
        if (auto r = backend.set_subscription_attribute(call, request.physical_id, k, reset); !r)
            return r.error();
    }
    return cfn::self_response(request.physical_id, "Arn");
}

Result<void> remove_subscription(CloudContext& cloud, const ResourceRequest& request) {
    SnsBackend backend(cloud);
    return backend.unsubscribe(call_of(request), request.physical_id);
}

/// The topic's Policy attribute; removing it from a topic that is gone is success.
Result<void> set_topic_policy(CloudContext& cloud, const ResourceRequest& request, const std::string& topic,
                              const std::string& policy) {
    SnsBackend backend(cloud);
    auto r = backend.set_attribute(call_of(request), topic, "Policy", policy);
    if (!r && !(policy.empty() && r.error().code == "NotFound")) return r;
    return ok();
}

} // namespace

CfnTopicPolicyProvider::CfnTopicPolicyProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::SNS::TopicPolicy", cfn::target_policy("Topics", set_topic_policy)) {}

CfnTopicProvider::CfnTopicProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::SNS::Topic", {create_topic, update_topic, remove_topic}) {}

CfnSubscriptionProvider::CfnSubscriptionProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::SNS::Subscription",
               {create_subscription, update_subscription, remove_subscription}) {}

} // namespace cdk::localcloud::sns
