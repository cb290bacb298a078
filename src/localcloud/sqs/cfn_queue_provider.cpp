#include "localcloud/sqs/cfn_queue_provider.hpp"

#include "core/strings.hpp"
#include "localcloud/server/cfn_support.hpp"
#include "localcloud/sqs/sqs_backend.hpp"

namespace cdk::localcloud::sqs {

namespace {

constexpr auto call_of = &cfn::service_call<SqsCall>;

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
    return ResourceResponse{queue["QueueUrl"].get<std::string>(),
                            Json{{"Arn", queue["Attributes"]["QueueArn"]},
                                 {"QueueName", queue["QueueName"]},
                                 {"QueueUrl", queue["QueueUrl"]}}};
}

Result<ResourceResponse> create_queue(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    const std::string name = cfn::fifo_name_or_generated(request, "QueueName", "FifoQueue", 80);
    Json tags = Json::object();
    for (const auto& t : cfn::tags(p))
        tags[t.value("Key", "")] = t.value("Value", "");
    SqsBackend backend(cloud);
    auto queue = backend.create_queue(call_of(request), name, attributes_of(p), tags);
    if (!queue) return queue.error();
    return queue_response(*queue);
}

Result<ResourceResponse> update_queue(CloudContext& cloud, const ResourceRequest& request) {
    Json attributes = attributes_of(cfn::props(request));
    // Attributes the new template no longer sets go back to SQS's defaults.
    const Json before =
        request.previous_properties.is_object() ? attributes_of(request.previous_properties) : Json::object();
    static const Json kDefaults{{"DelaySeconds", "0"},
                                {"MaximumMessageSize", "262144"},
                                {"MessageRetentionPeriod", "345600"},
                                {"ReceiveMessageWaitTimeSeconds", "0"},
                                {"VisibilityTimeout", "30"}};
    for (const auto& [k, v] : before.items()) {
        (void)v;
        if (!attributes.contains(k)) attributes[k] = kDefaults.value(k, "");
    }
    SqsBackend backend(cloud);
    auto queue = backend.set_attributes(call_of(request), request.physical_id, attributes);
    if (!queue) return queue.error();
    return queue_response(*queue);
}

Result<void> remove_queue(CloudContext& cloud, const ResourceRequest& request) {
    SqsBackend backend(cloud);
    auto r = backend.delete_queue(call_of(request), request.physical_id);
    if (!r && r.error().code != "QueueDoesNotExist") return r;
    return ok();
}

/// The queue's Policy attribute; removing it from a queue that is gone is success.
Result<void> set_queue_policy(CloudContext& cloud, const ResourceRequest& request, const std::string& queue,
                              const std::string& policy) {
    SqsBackend backend(cloud);
    auto r = backend.set_attributes(call_of(request), queue, Json{{"Policy", policy}});
    if (!r && !(policy.empty() && r.error().code == "QueueDoesNotExist")) return r.error();
    return ok();
}

} // namespace

CfnQueuePolicyProvider::CfnQueuePolicyProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::SQS::QueuePolicy", cfn::target_policy("Queues", set_queue_policy)) {}

CfnQueueProvider::CfnQueueProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::SQS::Queue", {create_queue, update_queue, remove_queue}) {}

} // namespace cdk::localcloud::sqs
