#include "localcloud/lambda/cfn_event_source_mapping_provider.hpp"

#include "core/parse_int.hpp"
#include "localcloud/lambda/event_source_mappings.hpp"
#include "localcloud/lambda/lambda_errors.hpp"
#include "localcloud/server/cfn_support.hpp"

namespace cdk::localcloud::lambda {

namespace {

constexpr auto call_of = &cfn::service_call<LambdaCall>;

/// The properties as the API's input: numbers and booleans may arrive as their text.
Result<Json> input_of(const Json& p, bool create) {
    Json in = Json::object();
    for (const char* k : {"FunctionName", "EventSourceArn", "StartingPosition"}) {
        if (!create && std::string(k) != "FunctionName") continue;
        if (p.contains(k)) in[k] = cfn::str(p, k);
    }
    for (const char* k : {"BatchSize", "MaximumBatchingWindowInSeconds", "MaximumRetryAttempts",
                          "MaximumRecordAgeInSeconds", "ParallelizationFactor", "TumblingWindowInSeconds"}) {
        if (!p.contains(k)) continue;
        const auto n = p[k].is_number_integer() ? std::optional<long long>(p[k].get<long long>())
                                                : parse_int<long long>(cfn::str(p, k));
        if (!n) {
            return invalid_parameter(std::string("1 validation error detected: Value '") + cfn::str(p, k) +
                                     "' at '" + k +
                                     "' failed to satisfy constraint: Member must be an integer");
        }
        in[k] = *n;
    }
    for (const char* k : {"Enabled", "BisectBatchOnFunctionError"}) {
        if (p.contains(k)) in[k] = p[k].is_boolean() ? p[k].get<bool>() : cfn::str(p, k) == "true";
    }
    for (const char* k : {"FunctionResponseTypes", "DestinationConfig", "ScalingConfig", "FilterCriteria"}) {
        if (p.contains(k)) in[k] = p[k];
    }
    if (create && p.contains("StartingPositionTimestamp"))
        in["StartingPositionTimestamp"] = p["StartingPositionTimestamp"];
    if (create && p.contains("Tags")) {
        Json tags = Json::object();
        for (const auto& t : cfn::tags(p))
            tags[t.value("Key", "")] = t.value("Value", "");
        in["Tags"] = tags;
    }
    return in;
}

ResourceResponse response_of(const Json& config) {
    return ResourceResponse{
        config["UUID"].get<std::string>(),
        Json{{"Id", config["UUID"]}, {"EventSourceMappingArn", config["EventSourceMappingArn"]}}};
}

Result<ResourceResponse> create_mapping(CloudContext& cloud, const ResourceRequest& request) {
    auto in = input_of(cfn::props(request), true);
    if (!in) return in.error();
    EventSourceMappings mappings(cloud);
    auto config = mappings.create(call_of(request), *in);
    if (!config) return config.error();
    return response_of(*config);
}

Result<ResourceResponse> update_mapping(CloudContext& cloud, const ResourceRequest& request) {
    auto in = input_of(cfn::props(request), false);
    if (!in) return in.error();
    (*in)["UUID"] = request.physical_id;
    // A property the template no longer sets goes back to its default.
    const Json& before =
        request.previous_properties.is_object() ? request.previous_properties : Json::object();
    if (!in->contains("Enabled") && before.contains("Enabled")) (*in)["Enabled"] = true;
    if (!in->contains("FunctionResponseTypes") && before.contains("FunctionResponseTypes"))
        (*in)["FunctionResponseTypes"] = Json::array();
    if (!in->contains("MaximumBatchingWindowInSeconds") && before.contains("MaximumBatchingWindowInSeconds"))
        (*in)["MaximumBatchingWindowInSeconds"] = 0;
    EventSourceMappings mappings(cloud);
    auto config = mappings.update(call_of(request), *in);
    if (!config) return config.error();
    return response_of(*config);
}

Result<void> remove_mapping(CloudContext& cloud, const ResourceRequest& request) {
    EventSourceMappings mappings(cloud);
    auto r = mappings.remove(call_of(request), request.physical_id);
    if (!r && !cfn::is_not_found(r.error())) return r.error();
    return ok();
}

} // namespace

CfnEventSourceMappingProvider::CfnEventSourceMappingProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Lambda::EventSourceMapping", {create_mapping, update_mapping, remove_mapping}) {}

} // namespace cdk::localcloud::lambda
