#include "localcloud/cloudwatch/cfn_alarm_provider.hpp"

#include "localcloud/cloudwatch/cloudwatch_backend.hpp"
#include "localcloud/server/cfn_support.hpp"

#include <cstdlib>

namespace cdk::localcloud::cloudwatch {

namespace {

constexpr auto call_of = &cfn::service_call<CloudWatchCall>;

Json as_number(const Json& v, bool integer) {
    if (v.is_number()) return integer ? Json(v.get<long long>()) : v;
    const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (end == text.c_str()) return v;
    return integer ? Json(static_cast<long long>(d)) : Json(d);
}

Json as_bool(const Json& v) {
    if (v.is_boolean()) return v;
    return Json(v.is_string() && v.get<std::string>() == "true");
}

/// The members CloudFormation may pass as text, as PutMetricAlarm's types.
Json to_input(const Json& p, const std::string& name) {
    Json in = p;
    in["AlarmName"] = name;
    for (const char* m : {"EvaluationPeriods", "DatapointsToAlarm", "Period", "EvaluationInterval"}) {
        if (in.contains(m)) in[m] = as_number(in[m], true);
    }
    if (in.contains("Threshold")) in["Threshold"] = as_number(in["Threshold"], false);
    if (in.contains("ActionsEnabled")) in["ActionsEnabled"] = as_bool(in["ActionsEnabled"]);
    if (in.contains("Metrics") && in["Metrics"].is_array()) {
        for (auto& q : in["Metrics"]) {
            if (q.contains("ReturnData")) q["ReturnData"] = as_bool(q["ReturnData"]);
            if (q.contains("Period")) q["Period"] = as_number(q["Period"], true);
            if (q.contains("MetricStat") && q["MetricStat"].contains("Period"))
                q["MetricStat"]["Period"] = as_number(q["MetricStat"]["Period"], true);
        }
    }
    return in;
}

ResourceResponse response(const ResourceRequest& request, const std::string& name) {
    return ResourceResponse{
        name, Json{{"Arn", CloudWatchBackend::alarm_arn(Scope{request.account, request.region}, name)}}};
}

Result<ResourceResponse> put_alarm(CloudContext& cloud, const ResourceRequest& request) {
    std::string name = cfn::str(cfn::props(request), "AlarmName");
    if (name.empty()) name = request.physical_id;
    if (name.empty()) name = cfn::generated_name(request, 255);
    CloudWatchBackend backend(cloud);
    const Json in = to_input(cfn::props(request), name);
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto r = backend.put_metric_alarm(tx, call_of(request), in); !r) return r.error();
        return true;
    });
    if (!done) return done.error();
    return response(request, name);
}

Result<void> remove_alarm(CloudContext& cloud, const ResourceRequest& request) {
    CloudWatchBackend backend(cloud);
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto r = backend.delete_alarms(tx, call_of(request), Json{{"AlarmNames", {request.physical_id}}});
        if (!r && r.error().code != "ResourceNotFound") return r.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

} // namespace

CfnAlarmProvider::CfnAlarmProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::CloudWatch::Alarm", {put_alarm, put_alarm, remove_alarm}) {}

} // namespace cdk::localcloud::cloudwatch
