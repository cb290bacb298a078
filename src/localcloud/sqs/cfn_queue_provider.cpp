#include "localcloud/sqs/cfn_queue_provider.hpp"

#include "core/strings.hpp"
#include "localcloud/server/cfn_support.hpp"
#include "localcloud/sqs/sqs_backend.hpp"

namespace cdk::localcloud::sqs {

namespace {

using cloudformation::ResourceRequest;
using cloudformation::ResourceResponse;

SqsCall call_of(const ResourceRequest& request) {
    return SqsCall{request.caller, request.region, cfn::call_context(request)};
}

/// The queue attributes a template sets (every property but QueueName and Tags), as SQS strings.
Json attributes_of(const Json& p) {
    Json out = Json::object();
    for (const auto& [k, v] : p.items()) {
        if (k == "QueueName" || k == "Tags") continue;
        out[k] = v.is_string() ? v.get<std::string>() : v.dump();
    }
    return out;
}

ResourceResponse queue_response(const Json& queue) {
    ResourceResponse r;
    r.physical_id = queue["QueueUrl"].get<std::string>();
    r.attributes = Json{{"Arn", queue["Attributes"]["QueueArn"]},
                        {"QueueName", queue["QueueName"]},
                        {"QueueUrl", queue["QueueUrl"]}};
    return r;
}

} // namespace

Result<ResourceResponse> CfnQueueProvider::create(const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    std::string name = cfn::str(p, "QueueName");
    const bool fifo = cfn::str(p, "FifoQueue") == "true";
    if (name.empty()) name = cfn::generated_name(request, fifo ? 75 : 80) + (fifo ? ".fifo" : "");
    Json tags = Json::object();
    for (const auto& t : cfn::tags(p)) tags[t.value("Key", "")] = t.value("Value", "");
    SqsBackend backend(cloud_);
    auto queue = backend.create_queue(call_of(request), name, attributes_of(p), tags);
    if (!queue) return queue.error();
    return queue_response(*queue);
}

Result<ResourceResponse> CfnQueueProvider::update(const ResourceRequest& request) {
    Json attributes = attributes_of(cfn::props(request));
    // Attributes the new template no longer sets go back to SQS's defaults.
    const Json before = request.previous_properties.is_object() ? attributes_of(request.previous_properties)
                                                                : Json::object();
    static const Json kDefaults{{"DelaySeconds", "0"},          {"MaximumMessageSize", "262144"},
                                {"MessageRetentionPeriod", "345600"}, {"ReceiveMessageWaitTimeSeconds", "0"},
                                {"VisibilityTimeout", "30"}};
    for (const auto& [k, v] : before.items()) {
        (void)v;
        if (!attributes.contains(k)) attributes[k] = kDefaults.value(k, "");
    }
    SqsBackend backend(cloud_);
    auto queue = backend.set_attributes(call_of(request), request.physical_id, attributes);
    if (!queue) return queue.error();
    return queue_response(*queue);
}

Result<void> CfnQueueProvider::remove(const ResourceRequest& request) {
    SqsBackend backend(cloud_);
    auto r = backend.delete_queue(call_of(request), request.physical_id);
    if (!r && r.error().code != "QueueDoesNotExist") return r;
    return ok();
}

namespace {

Result<void> set_policy(CloudContext& cloud, const ResourceRequest& request, const Json& queues,
                        const std::string& policy) {
    SqsBackend backend(cloud);
    for (const auto& q : queues) {
        auto r = backend.set_attributes(call_of(request), q.get<std::string>(), Json{{"Policy", policy}});
        if (!r && !(policy.empty() && r.error().code == "QueueDoesNotExist")) return r.error();
    }
    return ok();
}

} // namespace

Result<ResourceResponse> CfnQueuePolicyProvider::create(const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    if (auto r = set_policy(cloud_, request, p.value("Queues", Json::array()),
                            cfn::document_text(p.value("PolicyDocument", Json())));
        !r) {
        return r.error();
    }
    ResourceResponse out;
    out.physical_id = request.physical_id.empty() ? cfn::generated_name(request, 128) : request.physical_id;
    out.attributes = Json{{"Id", out.physical_id}};
    return out;
}

Result<ResourceResponse> CfnQueuePolicyProvider::update(const ResourceRequest& request) {
    const Json before = request.previous_properties.is_object() ? request.previous_properties : Json::object();
    Json dropped = Json::array();
    const Json now = cfn::props(request).value("Queues", Json::array());
    for (const auto& q : before.value("Queues", Json::array())) {
        if (std::find(now.begin(), now.end(), q) == now.end()) dropped.push_back(q);
    }
    if (auto r = set_policy(cloud_, request, dropped, ""); !r) return r.error();
    return create(request);
}

Result<void> CfnQueuePolicyProvider::remove(const ResourceRequest& request) {
    return set_policy(cloud_, request, cfn::props(request).value("Queues", Json::array()), "");
}

} // namespace cdk::localcloud::sqs
