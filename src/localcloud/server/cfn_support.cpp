#include "localcloud/server/cfn_support.hpp"

#include "core/strings.hpp"
#include "localcloud/state/ids.hpp"

#include <chrono>

namespace cdk::localcloud::cfn {

iam::Context call_context(const ResourceRequest& request) {
    const auto now = std::chrono::system_clock::now();
    iam::Context c;
    c[iam::context_key("aws:CurrentTime")] = {iso8601(now)};
    c[iam::context_key("aws:EpochTime")] = {std::to_string(epoch_seconds(now))};
    c[iam::context_key("aws:SecureTransport")] = {"true"};
    c[iam::context_key("aws:RequestedRegion")] = {request.region};
    c[iam::context_key("aws:userid")] = {request.caller.user_id};
    c[iam::context_key("aws:CalledVia")] = {"cloudformation.amazonaws.com"};
    c[iam::context_key("aws:CalledViaFirst")] = {"cloudformation.amazonaws.com"};
    return c;
}

const Json& props(const ResourceRequest& request) {
    static const Json kEmpty = Json::object();
    return request.properties.is_object() ? request.properties : kEmpty;
}

std::string str(const Json& properties, const char* key) {
    if (!properties.is_object() || !properties.contains(key)) return {};
    const Json& v = properties[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return {};
    return v.dump();
}

std::string document_text(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return {};
    return value.dump();
}

std::set<std::string> string_set(const Json& properties, const char* key) {
    std::set<std::string> out;
    for (const auto& v : properties.value(key, Json::array())) {
        if (v.is_string()) out.insert(v.get<std::string>());
    }
    return out;
}

std::map<std::string, std::string> inline_policies(const Json& properties) {
    std::map<std::string, std::string> out;
    for (const auto& policy : properties.value("Policies", Json::array())) {
        out[policy.value("PolicyName", "")] = document_text(policy.value("PolicyDocument", Json()));
    }
    return out;
}

std::string generated_name(const ResourceRequest& request, std::size_t max_length, bool lower) {
    std::string suffix = random_id("", 12);
    std::string base =
        request.stack_name.empty() ? request.logical_id : request.stack_name + "-" + request.logical_id;
    const std::size_t room = max_length > suffix.size() + 1 ? max_length - suffix.size() - 1 : 0;
    if (base.size() > room) base = base.substr(0, room);
    std::string name = base.empty() ? suffix : base + "-" + suffix;
    return lower ? strings::to_lower(name) : name;
}

std::string name_or_generated(const ResourceRequest& request, const char* name_key, std::size_t max_length,
                              bool lower) {
    std::string name = str(props(request), name_key);
    if (name.empty()) name = generated_name(request, max_length, lower);
    return name;
}

std::string fifo_name_or_generated(const ResourceRequest& request, const char* name_key, const char* fifo_key,
                                   std::size_t max_length) {
    const Json& p = props(request);
    std::string name = str(p, name_key);
    const bool fifo = str(p, fifo_key) == "true";
    if (name.empty())
        name = generated_name(request, fifo ? max_length - 5 : max_length) + (fifo ? ".fifo" : "");
    return name;
}

Json tags(const Json& properties) {
    if (properties.is_object() && properties.contains("Tags") && properties["Tags"].is_array()) {
        return properties["Tags"];
    }
    return Json::array();
}

ProviderCall::ProviderCall(const ResourceRequest& request) {
    context_ = std::unique_ptr<RequestContext>(new RequestContext{http_,
                                                                  random_uuid(),
                                                                  request.region,
                                                                  request.caller,
                                                                  std::chrono::system_clock::now(),
                                                                  call_context(request),
                                                                  {}});
}

bool is_not_found(const Error& error) {
    const std::string& c = error.code;
    return c == "NoSuchEntity" || c == "NoSuchBucket" || c == "NotFoundException" ||
           c == "ParameterNotFound" || c == "RepositoryNotFoundException" ||
           c == "ResourceNotFoundException" || c == "AWS.SimpleQueueService.NonExistentQueue" ||
           c == "NotFound" || c == "NoSuchBucketPolicy";
}

Result<bool> gone_or_error(const Error& error) {
    if (is_not_found(error)) return true;
    return error;
}

} // namespace cdk::localcloud::cfn
