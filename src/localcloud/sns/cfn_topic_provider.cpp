#include "localcloud/sns/cfn_topic_provider.hpp"

#include "localcloud/server/cfn_support.hpp"
#include "localcloud/sns/sns_backend.hpp"

#include <algorithm>

namespace cdk::localcloud::sns {

namespace {

using cloudformation::ResourceRequest;
using cloudformation::ResourceResponse;

SnsCall call_of(const ResourceRequest& request) {
    return SnsCall{request.caller, request.region, cfn::call_context(request)};
}

/// Topic attributes a template sets directly.
Json topic_attributes(const Json& p) {
    Json out = Json::object();
    for (const char* k : {"DisplayName", "KmsMasterKeyId", "FifoTopic", "ContentBasedDeduplication", "SignatureVersion",
                          "TracingConfig"}) {
        if (p.contains(k)) out[k] = cfn::str(p, k);
    }
    return out;
}

ResourceResponse topic_response(const Json& topic) {
    ResourceResponse r;
    r.physical_id = topic["TopicArn"].get<std::string>();
    r.attributes = Json{{"TopicArn", topic["TopicArn"]}, {"TopicName", topic["Name"]}};
    return r;
}

} // namespace

Result<ResourceResponse> CfnTopicProvider::create(const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    std::string name = cfn::str(p, "TopicName");
    const bool fifo = cfn::str(p, "FifoTopic") == "true";
    if (name.empty()) name = cfn::generated_name(request, fifo ? 251 : 256) + (fifo ? ".fifo" : "");
    SnsBackend backend(cloud_);
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

Result<ResourceResponse> CfnTopicProvider::update(const ResourceRequest& request) {
    SnsBackend backend(cloud_);
    const SnsCall call = call_of(request);
    const Json attributes = topic_attributes(cfn::props(request));
    for (const auto& [k, v] : attributes.items()) {
        if (auto r = backend.set_attribute(call, request.physical_id, k, v.get<std::string>()); !r) return r.error();
    }
    auto topic = backend.get_topic(call, request.physical_id, "sns:GetTopicAttributes");
    if (!topic) return topic.error();
    return topic_response(*topic);
}

Result<void> CfnTopicProvider::remove(const ResourceRequest& request) {
    SnsBackend backend(cloud_);
    return backend.delete_topic(call_of(request), request.physical_id);
}

Result<ResourceResponse> CfnSubscriptionProvider::create(const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    Json attributes = Json::object();
    for (const char* k : {"RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy",
                          "DeliveryPolicy"}) {
        if (p.contains(k)) attributes[k] = cfn::str(p, k);
    }
    SnsBackend backend(cloud_);
    auto arn = backend.subscribe(call_of(request), cfn::str(p, "TopicArn"), cfn::str(p, "Protocol"),
                                 cfn::str(p, "Endpoint"), attributes);
    if (!arn) return arn.error();
    ResourceResponse r;
    r.physical_id = *arn;
    r.attributes = Json{{"Arn", *arn}};
    return r;
}

Result<ResourceResponse> CfnSubscriptionProvider::update(const ResourceRequest& request) {
    ResourceResponse r;
    r.physical_id = request.physical_id;
    r.attributes = Json{{"Arn", request.physical_id}};
    return r;
}

Result<void> CfnSubscriptionProvider::remove(const ResourceRequest& request) {
    SnsBackend backend(cloud_);
    return backend.unsubscribe(call_of(request), request.physical_id);
}

namespace {

Result<void> set_policy(CloudContext& cloud, const ResourceRequest& request, const Json& topics,
                        const std::string& policy) {
    SnsBackend backend(cloud);
    for (const auto& t : topics) {
        auto r = backend.set_attribute(call_of(request), t.get<std::string>(), "Policy", policy);
        if (!r && !(policy.empty() && r.error().code == "NotFound")) return r;
    }
    return ok();
}

} // namespace

Result<ResourceResponse> CfnTopicPolicyProvider::create(const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    if (auto r = set_policy(cloud_, request, p.value("Topics", Json::array()),
                            cfn::document_text(p.value("PolicyDocument", Json())));
        !r) {
        return r.error();
    }
    ResourceResponse out;
    out.physical_id = request.physical_id.empty() ? cfn::generated_name(request, 128) : request.physical_id;
    out.attributes = Json{{"Id", out.physical_id}};
    return out;
}

Result<ResourceResponse> CfnTopicPolicyProvider::update(const ResourceRequest& request) {
    const Json before = request.previous_properties.is_object() ? request.previous_properties : Json::object();
    const Json now = cfn::props(request).value("Topics", Json::array());
    Json dropped = Json::array();
    for (const auto& t : before.value("Topics", Json::array())) {
        if (std::find(now.begin(), now.end(), t) == now.end()) dropped.push_back(t);
    }
    if (auto r = set_policy(cloud_, request, dropped, ""); !r) return r.error();
    return create(request);
}

Result<void> CfnTopicPolicyProvider::remove(const ResourceRequest& request) {
    return set_policy(cloud_, request, cfn::props(request).value("Topics", Json::array()), "");
}

} // namespace cdk::localcloud::sns
