// CloudWatch Logs metric filters and subscription filters: PutMetricFilter, DeleteMetricFilter,
// DescribeMetricFilters, PutSubscriptionFilter, DeleteSubscriptionFilter, DescribeSubscriptionFilters. Each
// filter is stored on its log group's record (`metricFilters` / `subscriptionFilters`, by name), so deleting
// the group deletes them; `metricFilterCount` follows. Authorized as `logs:<Action>` on the group's ARN.
#include "core/strings.hpp"
#include "localcloud/logs/filter_pattern.hpp"
#include "localcloud/logs/logs_backend.hpp"
#include "localcloud/logs/logs_errors.hpp"
#include "localcloud/logs/logs_internal.hpp"

#include <algorithm>
#include <regex>

namespace cdk::localcloud::logs {

using namespace detail;

namespace {

constexpr std::size_t kMaxSubscriptionFilters = 2;

Result<std::string> filter_name_of(const Json& in) {
    const std::string name = in.value("filterName", "");
    static const std::regex kPattern(R"([^:*]*)");
    if (name.empty() || name.size() > 512)
        return constraint("filterName", name, "have length between 1 and 512");
    if (!std::regex_match(name, kPattern))
        return constraint("filterName", name, "satisfy regular expression pattern: [^:*]*");
    return name;
}

/// The pattern checked for what CloudWatch Logs accepts: at most 1024 characters; term patterns are parsed
/// (JSON, space-delimited and regular-expression patterns are stored as given).
Result<std::string> pattern_of(const Json& in) {
    const std::string pattern = in.value("filterPattern", "");
    if (pattern.size() > 1024)
        return constraint("filterPattern", pattern, "have length less than or equal to 1024");
    const auto first = pattern.find_first_not_of(' ');
    const char lead = first == std::string::npos ? '\0' : pattern[first];
    if (lead != '{' && lead != '[' && lead != '%') {
        if (auto p = FilterPattern::parse(pattern); !p)
            return invalid_parameter("Invalid character(s) in term");
    }
    return pattern;
}

Result<Json> transformations_of(const Json& in) {
    const Json t = in.contains("metricTransformations") ? in["metricTransformations"] : Json::array();
    if (!t.is_array() || t.size() != 1) {
        return constraint("metricTransformations", t.dump(), "have length between 1 and 1");
    }
    for (const auto& m : t) {
        for (const char* member : {"metricName", "metricNamespace", "metricValue"}) {
            const std::string v = m.value(member, "");
            if (v.empty() || v.size() > 255) {
                return constraint(std::string("metricTransformations.1.member.") + member, v,
                                  "have length between 1 and 255");
            }
        }
        if (m.contains("dimensions") && m["dimensions"].is_object() && m["dimensions"].size() > 3)
            return invalid_parameter("A metric filter can have at most 3 dimensions.");
        if (m.contains("dimensions") && m.contains("defaultValue"))
            return invalid_parameter("Metric filters with dimensions cannot have a default value.");
    }
    return t;
}

/// Replaces (or adds) the filter named `name` in `list`, keeping the others in name order.
void upsert(Json& list, const std::string& name, Json filter) {
    if (!list.is_array()) list = Json::array();
    for (auto& f : list) {
        if (f.value("filterName", "") == name) {
            filter["creationTime"] = f.value("creationTime", filter.value("creationTime", 0LL));
            f = std::move(filter);
            return;
        }
    }
    list.push_back(std::move(filter));
    std::sort(list.begin(), list.end(), [](const Json& a, const Json& b) {
        return a.value("filterName", "") < b.value("filterName", "");
    });
}

/// Removes the filter named `name`; false when there is none.
bool erase(Json& list, const std::string& name) {
    if (!list.is_array()) return false;
    for (auto it = list.begin(); it != list.end(); ++it) {
        if (it->value("filterName", "") == name) {
            list.erase(it);
            return true;
        }
    }
    return false;
}

/// The page of `filters` after `nextToken` (a filter name) with the name prefix, at most `limit`.
Json page(const std::vector<Json>& filters, const Json& in, std::size_t limit, const char* member) {
    const std::string prefix = in.value("filterNamePrefix", "");
    const std::string after = in.value("nextToken", "");
    Json out{{member, Json::array()}};
    std::string last;
    for (const auto& f : filters) {
        const std::string key = f.value("logGroupName", "") + ":" + f.value("filterName", "");
        if (!strings::starts_with(f.value("filterName", ""), prefix)) continue;
        if (!after.empty() && key <= after) continue;
        if (out[member].size() == limit) {
            out["nextToken"] = last;
            break;
        }
        out[member].push_back(f);
        last = key;
    }
    return out;
}

} // namespace

Result<Json> LogsBackend::put_metric_filter(Tx& tx, const LogsCall& call, const Json& in) {
    auto name = filter_name_of(in);
    if (!name) return name.error();
    auto pattern = pattern_of(in);
    if (!pattern) return pattern.error();
    auto transformations = transformations_of(in);
    if (!transformations) return transformations.error();
    auto group = authorized_group(tx, call, in, "logs:PutMetricFilter");
    if (!group) return group.error();
    Json filter{{"filterName", *name},
                {"filterPattern", *pattern},
                {"metricTransformations", *transformations},
                {"creationTime", now_ms()},
                {"logGroupName", (*group)["logGroupName"]}};
    if (in.contains("applyOnTransformedLogs"))
        filter["applyOnTransformedLogs"] = in["applyOnTransformedLogs"];
    Json& list = (*group)["metricFilters"];
    if (!list.is_array()) list = Json::array();
    const bool exists = std::any_of(list.begin(), list.end(),
                                    [&](const Json& f) { return f.value("filterName", "") == *name; });
    if (!exists && list.size() >= 100)
        return make_error("LimitExceededException", "Resource limit exceeded.", 400);
    upsert(list, *name, std::move(filter));
    (*group)["metricFilterCount"] = list.size();
    return save_group(tx, call, *group);
}

Result<Json> LogsBackend::delete_metric_filter(Tx& tx, const LogsCall& call, const Json& in) {
    auto name = filter_name_of(in);
    if (!name) return name.error();
    auto group = authorized_group(tx, call, in, "logs:DeleteMetricFilter");
    if (!group) return group.error();
    Json& list = (*group)["metricFilters"];
    if (!erase(list, *name)) return not_found("The specified resource does not exist.");
    (*group)["metricFilterCount"] = list.size();
    return save_group(tx, call, *group);
}

Result<Json> LogsBackend::describe_metric_filters(Tx& tx, const LogsCall& call, const Json& in) {
    auto limit = limit_of(in, 50, 50);
    if (!limit) return limit.error();
    const std::string metric_name = in.value("metricName", "");
    const std::string metric_namespace = in.value("metricNamespace", "");
    if (metric_name.empty() != metric_namespace.empty()) {
        return invalid_parameter("metricName and metricNamespace must be specified together.");
    }
    std::vector<Json> groups;
    const Scope scope{call.caller.account(), call.region};
    if (in.contains("logGroupName")) {
        auto group = authorized_group(tx, call, in, "logs:DescribeMetricFilters");
        if (!group) return group.error();
        groups.push_back(std::move(*group));
    } else {
        if (auto a = authorize(tx, call, "logs:DescribeMetricFilters", group_arn(scope, "*")); !a)
            return a.error();
        auto all = tx.list(scope, kGroupKind, "");
        if (!all) return all.error();
        for (auto& [n, doc] : *all)
            groups.push_back(std::move(doc));
    }
    std::vector<Json> filters;
    for (const auto& g : groups) {
        if (!g.contains("metricFilters")) continue;
        for (const auto& f : g["metricFilters"]) {
            if (!metric_name.empty()) {
                const Json& t = f["metricTransformations"][0];
                if (t.value("metricName", "") != metric_name ||
                    t.value("metricNamespace", "") != metric_namespace)
                    continue;
            }
            filters.push_back(f);
        }
    }
    return page(filters, in, *limit, "metricFilters");
}

Result<Json> LogsBackend::put_subscription_filter(Tx& tx, const LogsCall& call, const Json& in) {
    auto name = filter_name_of(in);
    if (!name) return name.error();
    auto pattern = pattern_of(in);
    if (!pattern) return pattern.error();
    const std::string destination = in.value("destinationArn", "");
    static const std::regex kDestination(
        R"(arn:aws[a-z-]*:(lambda|kinesis|firehose|logs):[a-z0-9-]+:\d{12}:.+)");
    if (!std::regex_match(destination, kDestination)) {
        return invalid_parameter("Invalid destinationArn: " + destination);
    }
    const std::string distribution = in.value("distribution", "");
    if (!distribution.empty() && distribution != "ByLogStream" && distribution != "Random") {
        return constraint("distribution", distribution, "satisfy enum value set: [Random, ByLogStream]");
    }
    auto group = authorized_group(tx, call, in, "logs:PutSubscriptionFilter");
    if (!group) return group.error();
    Json filter{{"filterName", *name},
                {"filterPattern", *pattern},
                {"destinationArn", destination},
                {"distribution", distribution.empty() ? "ByLogStream" : distribution},
                {"creationTime", now_ms()},
                {"logGroupName", (*group)["logGroupName"]}};
    if (in.contains("roleArn")) filter["roleArn"] = in["roleArn"];
    if (in.contains("applyOnTransformedLogs"))
        filter["applyOnTransformedLogs"] = in["applyOnTransformedLogs"];
    Json& list = (*group)["subscriptionFilters"];
    if (!list.is_array()) list = Json::array();
    const bool exists = std::any_of(list.begin(), list.end(),
                                    [&](const Json& f) { return f.value("filterName", "") == *name; });
    if (!exists && list.size() >= kMaxSubscriptionFilters)
        return make_error("LimitExceededException", "Resource limit exceeded.", 400);
    upsert(list, *name, std::move(filter));
    return save_group(tx, call, *group);
}

Result<Json> LogsBackend::delete_subscription_filter(Tx& tx, const LogsCall& call, const Json& in) {
    auto name = filter_name_of(in);
    if (!name) return name.error();
    auto group = authorized_group(tx, call, in, "logs:DeleteSubscriptionFilter");
    if (!group) return group.error();
    if (!erase((*group)["subscriptionFilters"], *name))
        return not_found("The specified subscription filter does not exist.");
    return save_group(tx, call, *group);
}

Result<Json> LogsBackend::describe_subscription_filters(Tx& tx, const LogsCall& call, const Json& in) {
    auto limit = limit_of(in, 50, 50);
    if (!limit) return limit.error();
    auto group = authorized_group(tx, call, in, "logs:DescribeSubscriptionFilters");
    if (!group) return group.error();
    std::vector<Json> filters;
    if (group->contains("subscriptionFilters")) {
        for (const auto& f : (*group)["subscriptionFilters"])
            filters.push_back(f);
    }
    return page(filters, in, *limit, "subscriptionFilters");
}

} // namespace cdk::localcloud::logs
