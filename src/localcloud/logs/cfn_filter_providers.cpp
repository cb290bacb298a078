#include "localcloud/logs/cfn_filter_providers.hpp"

#include "core/parse_int.hpp"
#include "localcloud/logs/logs_backend.hpp"
#include "localcloud/server/cfn_support.hpp"

#include <cstdlib>

namespace cdk::localcloud::logs {

namespace {

constexpr auto call_of = &cfn::service_call<LogsCall>;

ResourceResponse named(const std::string& name) {
    return ResourceResponse{name};
}

/// The name the template gives under `key`, else the physical id (update), else a generated one.
std::string name_of(const ResourceRequest& request, const char* key) {
    std::string name = cfn::str(cfn::props(request), key);
    if (name.empty()) name = request.physical_id;
    if (name.empty()) name = cfn::generated_name(request, 512);
    return name;
}

/// A number CloudFormation may pass as text.
Json number(const Json& v) {
    if (v.is_number()) return v;
    const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    return end != text.c_str() ? Json(d) : v;
}

/// CloudFormation's MetricTransformations as PutMetricFilter's metricTransformations.
Json transformations(const Json& p) {
    Json out = Json::array();
    if (!p.contains("MetricTransformations") || !p["MetricTransformations"].is_array()) return out;
    for (const auto& t : p["MetricTransformations"]) {
        Json m{{"metricName", cfn::str(t, "MetricName")},
               {"metricNamespace", cfn::str(t, "MetricNamespace")},
               {"metricValue", cfn::str(t, "MetricValue")}};
        if (t.contains("DefaultValue")) m["defaultValue"] = number(t["DefaultValue"]);
        if (t.contains("Unit")) m["unit"] = cfn::str(t, "Unit");
        if (t.contains("Dimensions") && t["Dimensions"].is_array()) {
            Json dims = Json::object();
            for (const auto& d : t["Dimensions"])
                dims[cfn::str(d, "Key")] = cfn::str(d, "Value");
            m["dimensions"] = dims;
        }
        out.push_back(m);
    }
    return out;
}

template <typename F> Result<bool> in_transaction(CloudContext& cloud, F&& f) {
    return cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto r = f(tx);
        if (!r) return r.error();
        return true;
    });
}

using BackendCall = Result<Json> (LogsBackend::*)(Tx& tx, const LogsCall& call, const Json& in);

/// Puts what `in` describes by the backend's `put` (PutMetricFilter, …) as the stack's role; Ref = `name`.
Result<ResourceResponse> put_named(CloudContext& cloud, const ResourceRequest& request,
                                   const std::string& name, const Json& in, BackendCall put) {
    LogsBackend backend(cloud);
    auto done = in_transaction(cloud, [&](Tx& tx) { return (backend.*put)(tx, call_of(request), in); });
    if (!done) return done.error();
    return named(name);
}

/// Deletes the resource of the log group `LogGroupName` whose `name_member` is the physical id by the
/// backend's `remove` (DeleteMetricFilter, …) as the stack's role; one already gone is success.
Result<void> remove_named(CloudContext& cloud, const ResourceRequest& request, const char* name_member,
                          BackendCall remove) {
    LogsBackend backend(cloud);
    const Json in{{"logGroupName", cfn::str(cfn::props(request), "LogGroupName")},
                  {name_member, request.physical_id}};
    auto done = in_transaction(cloud, [&](Tx& tx) -> Result<Json> {
        auto r = (backend.*remove)(tx, call_of(request), in);
        if (!r && cfn::is_not_found(r.error())) return Json::object();
        return r;
    });
    if (!done) return done.error();
    return ok();
}

Result<ResourceResponse> put_metric_filter(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    const std::string name = name_of(request, "FilterName");
    Json in{{"logGroupName", cfn::str(p, "LogGroupName")},
            {"filterName", name},
            {"filterPattern", cfn::str(p, "FilterPattern")},
            {"metricTransformations", transformations(p)}};
    if (p.contains("ApplyOnTransformedLogs"))
        in["applyOnTransformedLogs"] = cfn::str(p, "ApplyOnTransformedLogs") == "true";
    return put_named(cloud, request, name, in, &LogsBackend::put_metric_filter);
}

Result<void> remove_metric_filter(CloudContext& cloud, const ResourceRequest& request) {
    return remove_named(cloud, request, "filterName", &LogsBackend::delete_metric_filter);
}

Result<ResourceResponse> put_subscription_filter(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    const std::string name = name_of(request, "FilterName");
    Json in{{"logGroupName", cfn::str(p, "LogGroupName")},
            {"filterName", name},
            {"filterPattern", cfn::str(p, "FilterPattern")},
            {"destinationArn", cfn::str(p, "DestinationArn")}};
    if (p.contains("RoleArn")) in["roleArn"] = cfn::str(p, "RoleArn");
    if (p.contains("Distribution")) in["distribution"] = cfn::str(p, "Distribution");
    return put_named(cloud, request, name, in, &LogsBackend::put_subscription_filter);
}

Result<void> remove_subscription_filter(CloudContext& cloud, const ResourceRequest& request) {
    return remove_named(cloud, request, "filterName", &LogsBackend::delete_subscription_filter);
}

Result<ResourceResponse> create_log_stream(CloudContext& cloud, const ResourceRequest& request) {
    const std::string name = name_of(request, "LogStreamName");
    const Json in{{"logGroupName", cfn::str(cfn::props(request), "LogGroupName")}, {"logStreamName", name}};
    if (!request.physical_id.empty())
        return named(name); // both properties are create-only: nothing to update
    return put_named(cloud, request, name, in, &LogsBackend::create_log_stream);
}

Result<void> remove_log_stream(CloudContext& cloud, const ResourceRequest& request) {
    return remove_named(cloud, request, "logStreamName", &LogsBackend::delete_log_stream);
}

} // namespace

CfnMetricFilterProvider::CfnMetricFilterProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Logs::MetricFilter",
               {put_metric_filter, put_metric_filter, remove_metric_filter}) {}

CfnSubscriptionFilterProvider::CfnSubscriptionFilterProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Logs::SubscriptionFilter",
               {put_subscription_filter, put_subscription_filter, remove_subscription_filter}) {}

CfnLogStreamProvider::CfnLogStreamProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Logs::LogStream", {create_log_stream, create_log_stream, remove_log_stream}) {}

} // namespace cdk::localcloud::logs
