#include "localcloud/cloudwatch/cloudwatch_backend.hpp"

#include "core/strings.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>
#include <chrono>

namespace cdk::localcloud::cloudwatch {

namespace {

constexpr const char* kAlarmKind = "cloudwatch:alarm";

// CloudWatch's error codes (awsQueryCompatible JSON: the Query protocol's codes), with AWS's messages.
Error not_found() {
    return make_error("ResourceNotFound", "The named resource does not exist.", 404);
}
Error invalid_combination(std::string message) {
    return make_error("InvalidParameterCombination", std::move(message), 400);
}
Error invalid_value(std::string message) {
    return make_error("InvalidParameterValue", std::move(message), 400);
}
Error missing(const std::string& parameter) {
    return make_error("MissingParameter", "The parameter " + parameter + " is required.", 400);
}

std::string now_iso() {
    return iso8601(std::chrono::system_clock::now());
}

bool has(const Json& in, const char* member) {
    return in.contains(member) && !in[member].is_null();
}

/// AWS's checks of a PutMetricAlarm beyond the model's: one way to name the metric, one statistic, the
/// threshold or its metric, the evaluation settings.
Result<void> validate(const Json& in) {
    const bool metrics = has(in, "Metrics");
    const bool promql = has(in, "EvaluationCriteria");
    if (metrics &&
        (has(in, "MetricName") || has(in, "Namespace") || has(in, "Statistic") ||
         has(in, "ExtendedStatistic") || has(in, "Dimensions") || has(in, "Period") || has(in, "Unit"))) {
        return invalid_combination(
            "The parameters MetricName, Namespace, Statistic, ExtendedStatistic, Dimensions, "
            "Period and Unit cannot be used together with Metrics.");
    }
    if (!metrics && !promql) {
        if (!has(in, "MetricName")) return missing("MetricName");
        if (!has(in, "Namespace")) return missing("Namespace");
        if (has(in, "Statistic") == has(in, "ExtendedStatistic")) {
            return invalid_combination(
                "Exactly one element of the Statistic and ExtendedStatistic parameters must be specified.");
        }
        if (!has(in, "Period")) return missing("Period");
        const long long period = in["Period"].get<long long>();
        if (period < 10 && period != 1 && period != 5) {
            return invalid_value("The parameter Period must be 10, 30 or a multiple of 60 (or 1 or 5 for "
                                 "high-resolution metrics).");
        }
        if (period >= 60 ? period % 60 != 0 : (period != 1 && period != 5 && period != 10 && period != 30)) {
            return invalid_value("The parameter Period must be 10, 30 or a multiple of 60 (or 1 or 5 for "
                                 "high-resolution metrics).");
        }
    }
    if (metrics) {
        int returned = 0;
        for (const auto& q : in["Metrics"]) {
            if (has(q, "MetricStat") == has(q, "Expression")) {
                return invalid_combination(
                    "Exactly one element of the MetricStat and Expression parameters must be "
                    "specified in each MetricDataQuery.");
            }
            if (q.value("ReturnData", true)) ++returned;
        }
        if (returned != 1 && !has(in, "ThresholdMetricId")) {
            return invalid_value("Exactly one element of the Metrics list must return data.");
        }
    }
    if (!promql) {
        if (!has(in, "EvaluationPeriods")) return missing("EvaluationPeriods");
        if (!has(in, "ComparisonOperator")) return missing("ComparisonOperator");
        const long long periods = in["EvaluationPeriods"].get<long long>();
        if (periods < 1)
            return invalid_value("The parameter EvaluationPeriods must be greater than or equal to 1.");
        if (has(in, "DatapointsToAlarm") && (in["DatapointsToAlarm"].get<long long>() < 1 ||
                                             in["DatapointsToAlarm"].get<long long>() > periods)) {
            return invalid_value("DatapointsToAlarm must be between 1 and EvaluationPeriods.");
        }
        const std::string op = in["ComparisonOperator"].get<std::string>();
        const bool band = op == "LessThanLowerOrGreaterThanUpperThreshold" ||
                          op == "LessThanLowerThreshold" || op == "GreaterThanUpperThreshold";
        if (band != has(in, "ThresholdMetricId")) {
            return band ? missing("ThresholdMetricId")
                        : invalid_combination("ThresholdMetricId can only be used with an anomaly detection "
                                              "comparison operator.");
        }
        if (!band && !has(in, "Threshold")) return missing("Threshold");
    }
    const std::string treat = in.value("TreatMissingData", "missing");
    if (treat != "breaching" && treat != "notBreaching" && treat != "ignore" && treat != "missing") {
        return invalid_value("The parameter TreatMissingData must be one of breaching, notBreaching, ignore, "
                             "missing.");
    }
    if (has(in, "EvaluateLowSampleCountPercentile")) {
        const std::string e = in["EvaluateLowSampleCountPercentile"].get<std::string>();
        if (e != "evaluate" && e != "ignore")
            return invalid_value(
                "The parameter EvaluateLowSampleCountPercentile must be evaluate or ignore.");
    }
    return ok();
}

/// The stored alarm as DescribeAlarms shows it (tags are not part of it).
Json view(const Json& stored) {
    Json out = stored;
    out.erase("Tags");
    return out;
}

} // namespace

std::string CloudWatchBackend::alarm_arn(const Scope& scope, const std::string& name) {
    return "arn:aws:cloudwatch:" + scope.region + ":" + scope.account + ":alarm:" + name;
}

Result<void> CloudWatchBackend::authorize(Tx& tx, const CloudWatchCall& call, const std::string& action,
                                          const std::string& resource) {
    return cloud_.iam.authorize(tx, call.caller, action, resource, call.caller.account(), std::nullopt,
                                iam::ResourcePolicyMode::None, call.context, "AccessDenied");
}

Result<Json> CloudWatchBackend::get_alarm(Tx& tx, const Scope& scope, const std::string& name) {
    auto a = tx.get(scope, kAlarmKind, name);
    if (!a) return a.error();
    if (!*a) return not_found();
    return view(**a);
}

Result<Json> CloudWatchBackend::put_metric_alarm(Tx& tx, const CloudWatchCall& call, const Json& in) {
    const std::string name = in.value("AlarmName", "");
    const Scope scope{call.caller.account(), call.region};
    const std::string arn = alarm_arn(scope, name);
    if (auto a = authorize(tx, call, "cloudwatch:PutMetricAlarm", arn); !a) return a.error();
    if (has(in, "Tags") && !in["Tags"].empty()) {
        if (auto a = authorize(tx, call, "cloudwatch:TagResource", arn); !a) return a.error();
    }
    if (auto v = validate(in); !v) return v.error();
    auto existing = tx.get(scope, kAlarmKind, name);
    if (!existing) return existing.error();
    const std::string now = now_iso();
    Json alarm = in;
    alarm["AlarmArn"] = arn;
    alarm["AlarmConfigurationUpdatedTimestamp"] = now;
    if (!has(alarm, "ActionsEnabled")) alarm["ActionsEnabled"] = true;
    for (const char* list : {"AlarmActions", "OKActions", "InsufficientDataActions"}) {
        if (!has(alarm, list)) alarm[list] = Json::array();
    }
    if (!has(alarm, "Dimensions") && !has(alarm, "Metrics")) alarm["Dimensions"] = Json::array();
    if (*existing) {
        const Json& old = **existing;
        for (const char* state : {"StateValue", "StateReason", "StateReasonData", "StateUpdatedTimestamp",
                                  "StateTransitionedTimestamp"}) {
            if (old.contains(state)) alarm[state] = old[state];
        }
        if (!has(in, "Tags") && old.contains("Tags")) alarm["Tags"] = old["Tags"];
    } else {
        alarm["StateValue"] = "INSUFFICIENT_DATA";
        alarm["StateReason"] = "Unchecked: Initial alarm creation";
        alarm["StateUpdatedTimestamp"] = now;
        alarm["StateTransitionedTimestamp"] = now;
    }
    if (auto p = tx.put(scope, kAlarmKind, name, alarm); !p) return p.error();
    return Json::object();
}

Result<Json> CloudWatchBackend::describe_alarms(Tx& tx, const CloudWatchCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    if (auto a = authorize(tx, call, "cloudwatch:DescribeAlarms", alarm_arn(scope, "*")); !a)
        return a.error();
    if (has(in, "AlarmNames") && has(in, "AlarmNamePrefix")) {
        return invalid_combination("AlarmNames and AlarmNamePrefix cannot be specified together.");
    }
    bool metric_alarms = true;
    bool composite_alarms = false;
    if (has(in, "AlarmTypes")) {
        metric_alarms = composite_alarms = false;
        for (const auto& t : in["AlarmTypes"]) {
            if (t == "MetricAlarm") metric_alarms = true;
            if (t == "CompositeAlarm") composite_alarms = true;
        }
    }
    const long long max_records = in.value("MaxRecords", 50LL);
    const std::string after = in.value("NextToken", "");
    const std::string state = in.value("StateValue", "");
    const std::string action_prefix = in.value("ActionPrefix", "");
    std::vector<std::string> names;
    if (has(in, "AlarmNames")) {
        for (const auto& n : in["AlarmNames"])
            names.push_back(n.get<std::string>());
    }
    Json out{{"MetricAlarms", Json::array()}, {"CompositeAlarms", Json::array()}};
    (void)composite_alarms; // localcloud stores no composite alarms
    if (!metric_alarms) return out;
    auto all = tx.list(scope, kAlarmKind, in.value("AlarmNamePrefix", ""), after);
    if (!all) return all.error();
    std::string last;
    for (const auto& [name, doc] : *all) {
        if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
        if (!state.empty() && doc.value("StateValue", "") != state) continue;
        if (!action_prefix.empty()) {
            bool match = false;
            for (const char* list : {"AlarmActions", "OKActions", "InsufficientDataActions"}) {
                for (const auto& a : doc.value(list, Json::array()))
                    match = match || strings::starts_with(a.get<std::string>(), action_prefix);
            }
            if (!match) continue;
        }
        if (static_cast<long long>(out["MetricAlarms"].size()) == max_records) {
            out["NextToken"] = last;
            break;
        }
        out["MetricAlarms"].push_back(view(doc));
        last = name;
    }
    return out;
}

Result<Json> CloudWatchBackend::delete_alarms(Tx& tx, const CloudWatchCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    const Json names = in.value("AlarmNames", Json::array());
    for (const auto& n : names) {
        const std::string name = n.get<std::string>();
        if (auto a = authorize(tx, call, "cloudwatch:DeleteAlarms", alarm_arn(scope, name)); !a)
            return a.error();
        auto existing = tx.get(scope, kAlarmKind, name);
        if (!existing) return existing.error();
        if (!*existing) return not_found();
    }
    for (const auto& n : names) {
        if (auto e = tx.erase(scope, kAlarmKind, n.get<std::string>()); !e) return e.error();
    }
    return Json::object();
}

Result<Json> CloudWatchBackend::set_alarm_state(Tx& tx, const CloudWatchCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    const std::string name = in.value("AlarmName", "");
    if (auto a = authorize(tx, call, "cloudwatch:SetAlarmState", alarm_arn(scope, name)); !a)
        return a.error();
    auto existing = tx.get(scope, kAlarmKind, name);
    if (!existing) return existing.error();
    if (!*existing) return not_found();
    Json alarm = **existing;
    if (has(in, "StateReasonData")) {
        const std::string data = in["StateReasonData"].get<std::string>();
        if (!Json::accept(data)) {
            return make_error("InvalidFormat", "The value for StateReasonData is not valid JSON.", 400);
        }
        alarm["StateReasonData"] = data;
    } else {
        alarm.erase("StateReasonData");
    }
    const std::string now = now_iso();
    const std::string value = in.value("StateValue", "");
    if (alarm.value("StateValue", "") != value) alarm["StateTransitionedTimestamp"] = now;
    alarm["StateValue"] = value;
    alarm["StateReason"] = in.value("StateReason", "");
    alarm["StateUpdatedTimestamp"] = now;
    if (auto p = tx.put(scope, kAlarmKind, name, alarm); !p) return p.error();
    return Json::object();
}

} // namespace cdk::localcloud::cloudwatch
