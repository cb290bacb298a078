// CloudWatch Logs groups, streams and tags, and the helpers logs_events.cpp shares (logs_internal.hpp).
#include "localcloud/logs/logs_backend.hpp"

#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/logs/logs_errors.hpp"
#include "localcloud/logs/logs_internal.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <regex>

namespace cdk::localcloud::logs {

namespace detail {

long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string padded(long long n, int width) {
    char buf[80];
    std::snprintf(buf, sizeof buf, "%0*lld", width, n < 0 ? 0 : n);
    return buf;
}

std::string stream_key(const std::string& group, const std::string& stream) {
    return group + ":" + stream;
}

Error constraint(const std::string& member, const std::string& value, const std::string& rule) {
    return invalid_parameter(constraint_message(member, value, rule));
}

Result<void> check_group_name(const std::string& name, const char* member) {
    static const std::regex kPattern(R"([\.\-_/#A-Za-z0-9]+)");
    if (name.empty() || name.size() > 512) return constraint(member, name, "have length between 1 and 512");
    if (!std::regex_match(name, kPattern)) {
        return constraint(member, name, "satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
    }
    return ok();
}

Result<void> check_stream_name(const std::string& name) {
    if (name.empty() || name.size() > 512)
        return constraint("logStreamName", name, "have length between 1 and 512");
    if (name.find_first_of(":*") != std::string::npos) {
        return constraint("logStreamName", name, "satisfy regular expression pattern: [^:*]*");
    }
    return ok();
}

Result<std::string> group_name_of(const Json& in) {
    std::string name = in.value("logGroupName", "");
    const std::string id = in.value("logGroupIdentifier", "");
    if (!name.empty() && !id.empty()) {
        return invalid_parameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
    }
    if (name.empty()) {
        name = id;
        if (const auto at = name.find(":log-group:");
            strings::starts_with(name, "arn:") && at != std::string::npos) {
            name = name.substr(at + 11);
            if (strings::ends_with(name, ":*")) name.resize(name.size() - 2);
        }
    }
    if (name.empty())
        return invalid_parameter("Either logGroupName or logGroupIdentifier must be specified.");
    if (auto c = check_group_name(name); !c) return c.error();
    return name;
}

Result<std::size_t> limit_of(const Json& in, std::size_t max, std::size_t fallback) {
    if (!in.contains("limit")) return fallback;
    const long long limit = in["limit"].get<long long>();
    if (limit < 1 || static_cast<std::size_t>(limit) > max) {
        return constraint("limit", std::to_string(limit), "have value between 1 and " + std::to_string(max));
    }
    return static_cast<std::size_t>(limit);
}

Json new_group(const Scope& scope, const std::string& name, long long now) {
    const std::string arn = LogsBackend::group_arn(scope, name);
    return Json{{"logGroupName", name},        {"creationTime", now},    {"arn", arn + ":*"},
                {"logGroupArn", arn},          {"storedBytes", 0},       {"metricFilterCount", 0},
                {"logGroupClass", "STANDARD"}, {"tags", Json::object()}, {"nextChunk", 0}};
}

Json new_stream(const Scope& scope, const std::string& group, const std::string& name, long long now) {
    return Json{{"logStreamName", name},
                {"creationTime", now},
                {"arn", LogsBackend::group_arn(scope, group) + ":log-stream:" + name},
                {"storedBytes", 0}};
}

} // namespace detail

using namespace detail;

namespace {

constexpr std::array<long long, 22> kRetentionDays = {
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

/// The group as DescribeLogGroups shows it.
Json group_view(const Json& group) {
    Json out = group;
    out.erase("nextChunk");
    out.erase("tags");
    out.erase("metricFilters");
    out.erase("subscriptionFilters");
    return out;
}

/// Offset paging tokens ("o/<n>") for listings that are not in key order.
Result<std::size_t> offset_token(const Json& in) {
    const std::string token = in.value("nextToken", "");
    if (token.empty()) return std::size_t{0};
    if (!strings::starts_with(token, "o/") || token.size() > 12 ||
        token.find_first_not_of("0123456789", 2) != std::string::npos || token.size() == 2) {
        return invalid_parameter("The specified nextToken is invalid.");
    }
    return cdk::parse_int<std::size_t>(std::string_view(token).substr(2)).value_or(0);
}

Json tags_of(const Json& in, const char* member) {
    return in.contains(member) && in[member].is_object() ? in[member] : Json::object();
}

} // namespace

std::string LogsBackend::group_arn(const Scope& scope, const std::string& group) {
    return "arn:aws:logs:" + scope.region + ":" + scope.account + ":log-group:" + group;
}

bool LogsBackend::valid_retention(long long days) {
    return std::find(kRetentionDays.begin(), kRetentionDays.end(), days) != kRetentionDays.end();
}

Result<void> LogsBackend::authorize(Tx& tx, const LogsCall& call, const std::string& action,
                                    const std::string& resource) {
    return cloud_.iam.authorize(tx, call.caller, action, resource, call.caller.account(), std::nullopt,
                                iam::ResourcePolicyMode::None, call.context, "AccessDeniedException");
}

Result<Json> LogsBackend::get_group(Tx& tx, const Scope& scope, const std::string& group) {
    auto g = tx.get(scope, kGroupKind, group);
    if (!g) return g.error();
    if (!*g) return group_not_found();
    return std::move(**g);
}

Result<Json> LogsBackend::authorized_group(Tx& tx, const LogsCall& call, const Json& in,
                                           const std::string& action) {
    auto name = group_name_of(in);
    if (!name) return name.error();
    const Scope scope{call.caller.account(), call.region};
    if (auto a = authorize(tx, call, action, group_arn(scope, *name) + ":*"); !a) return a.error();
    return get_group(tx, scope, *name);
}

Result<LogsBackend::StreamRef> LogsBackend::authorized_stream(Tx& tx, const LogsCall& call, const Json& in,
                                                              const std::string& action) {
    auto group = group_name_of(in);
    if (!group) return group.error();
    StreamRef ref{Scope{call.caller.account(), call.region}, *group, in.value("logStreamName", "")};
    if (auto c = check_stream_name(ref.stream); !c) return c.error();
    if (auto a = authorize(tx, call, action, group_arn(ref.scope, ref.group) + ":log-stream:" + ref.stream);
        !a) {
        return a.error();
    }
    return ref;
}

Result<Json> LogsBackend::save_group(Tx& tx, const LogsCall& call, const Json& group) {
    if (auto p = tx.put(Scope{call.caller.account(), call.region}, kGroupKind,
                        group["logGroupName"].get<std::string>(), group);
        !p) {
        return p.error();
    }
    return Json::object();
}

// ---- log groups ----

Result<Json> LogsBackend::create_log_group(Tx& tx, const LogsCall& call, const Json& in) {
    const std::string name = in.value("logGroupName", "");
    if (auto c = check_group_name(name); !c) return c.error();
    const Scope scope{call.caller.account(), call.region};
    if (auto a = authorize(tx, call, "logs:CreateLogGroup", group_arn(scope, name) + ":*"); !a)
        return a.error();
    const Json tags = tags_of(in, "tags");
    if (!tags.empty()) {
        if (auto a = authorize(tx, call, "logs:TagResource", group_arn(scope, name) + ":*"); !a)
            return a.error();
    }
    if (in.contains("logGroupClass") && in["logGroupClass"] != "STANDARD" &&
        in["logGroupClass"] != "INFREQUENT_ACCESS") {
        return constraint("logGroupClass", in["logGroupClass"].dump(),
                          "satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]");
    }
    auto existing = tx.get(scope, kGroupKind, name);
    if (!existing) return existing.error();
    if (*existing) return already_exists("The specified log group already exists");
    Json group = new_group(scope, name, now_ms());
    group["tags"] = tags;
    if (in.contains("kmsKeyId")) group["kmsKeyId"] = in["kmsKeyId"];
    if (in.contains("logGroupClass")) group["logGroupClass"] = in["logGroupClass"];
    if (in.contains("deletionProtectionEnabled"))
        group["deletionProtectionEnabled"] = in["deletionProtectionEnabled"];
    return save_group(tx, call, group);
}

Result<Json> LogsBackend::delete_log_group(Tx& tx, const LogsCall& call, const Json& in) {
    auto group = authorized_group(tx, call, in, "logs:DeleteLogGroup");
    if (!group) return group.error();
    if (group->value("deletionProtectionEnabled", false)) {
        return make_error(
            "OperationAbortedException",
            "Log group deletion protection is enabled. Disable deletion protection before deleting.", 400);
    }
    const Scope scope{call.caller.account(), call.region};
    const std::string name = (*group)["logGroupName"];
    if (auto e = tx.erase_prefix(scope, kEventsKind, name + ":"); !e) return e.error();
    if (auto e = tx.erase_prefix(scope, kStreamKind, name + ":"); !e) return e.error();
    if (auto e = tx.erase(scope, kGroupKind, name); !e) return e.error();
    return Json::object();
}

Result<Json> LogsBackend::describe_log_groups(Tx& tx, const LogsCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    if (auto a = authorize(tx, call, "logs:DescribeLogGroups", group_arn(scope, "*")); !a) return a.error();
    const std::string prefix = in.value("logGroupNamePrefix", "");
    const std::string pattern = in.value("logGroupNamePattern", "");
    if (!prefix.empty() && !pattern.empty()) {
        return invalid_parameter(
            "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
    }
    auto limit = limit_of(in, 50, 50);
    if (!limit) return limit.error();
    const std::string after = in.value("nextToken", "");
    auto all = tx.list(scope, kGroupKind, prefix, after);
    if (!all) return all.error();
    Json groups = Json::array();
    std::string last;
    bool more = false;
    for (const auto& [name, doc] : *all) {
        if (!pattern.empty() && strings::to_lower(name).find(strings::to_lower(pattern)) == std::string::npos)
            continue;
        if (groups.size() == *limit) {
            more = true;
            break;
        }
        groups.push_back(group_view(doc));
        last = name;
    }
    Json out{{"logGroups", groups}};
    if (more) out["nextToken"] = last;
    return out;
}

Result<Json> LogsBackend::put_retention_policy(Tx& tx, const LogsCall& call, const Json& in) {
    auto group = authorized_group(tx, call, in, "logs:PutRetentionPolicy");
    if (!group) return group.error();
    const long long days = in.value("retentionInDays", 0LL);
    if (!valid_retention(days)) {
        std::vector<std::string> set;
        for (long long d : kRetentionDays)
            set.push_back(std::to_string(d));
        return constraint("retentionInDays", std::to_string(days),
                          "satisfy enum value set: [" + strings::join(set, ", ") + "]");
    }
    (*group)["retentionInDays"] = days;
    return save_group(tx, call, *group);
}

Result<Json> LogsBackend::delete_retention_policy(Tx& tx, const LogsCall& call, const Json& in) {
    auto group = authorized_group(tx, call, in, "logs:DeleteRetentionPolicy");
    if (!group) return group.error();
    group->erase("retentionInDays");
    return save_group(tx, call, *group);
}

// ---- log streams ----

Result<Json> LogsBackend::create_log_stream(Tx& tx, const LogsCall& call, const Json& in) {
    auto ref = authorized_stream(tx, call, in, "logs:CreateLogStream");
    if (!ref) return ref.error();
    const auto& [scope, group, stream] = *ref;
    auto g = get_group(tx, scope, group);
    if (!g) return g.error();
    auto existing = tx.get(scope, kStreamKind, stream_key(group, stream));
    if (!existing) return existing.error();
    if (*existing) return already_exists("The specified log stream already exists");
    if (auto p =
            tx.put(scope, kStreamKind, stream_key(group, stream), new_stream(scope, group, stream, now_ms()));
        !p) {
        return p.error();
    }
    return Json::object();
}

Result<Json> LogsBackend::delete_log_stream(Tx& tx, const LogsCall& call, const Json& in) {
    auto ref = authorized_stream(tx, call, in, "logs:DeleteLogStream");
    if (!ref) return ref.error();
    const auto& [scope, group, stream] = *ref;
    if (auto g = get_group(tx, scope, group); !g) return g.error();
    auto erased = tx.erase(scope, kStreamKind, stream_key(group, stream));
    if (!erased) return erased.error();
    if (!*erased) return stream_not_found();
    if (auto e = tx.erase_prefix(scope, kEventsKind, stream_key(group, stream) + ":"); !e) return e.error();
    return Json::object();
}

Result<Json> LogsBackend::describe_log_streams(Tx& tx, const LogsCall& call, const Json& in) {
    auto group = authorized_group(tx, call, in, "logs:DescribeLogStreams");
    if (!group) return group.error();
    const std::string order = in.value("orderBy", "LogStreamName");
    if (order != "LogStreamName" && order != "LastEventTime") {
        return constraint("orderBy", order, "satisfy enum value set: [LogStreamName, LastEventTime]");
    }
    const std::string prefix = in.value("logStreamNamePrefix", "");
    if (!prefix.empty() && order == "LastEventTime") {
        return invalid_parameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    auto limit = limit_of(in, 50, 50);
    if (!limit) return limit.error();
    auto offset = offset_token(in);
    if (!offset) return offset.error();
    const Scope scope{call.caller.account(), call.region};
    const std::string name = (*group)["logGroupName"];
    auto all = tx.list(scope, kStreamKind, stream_key(name, prefix));
    if (!all) return all.error();
    std::vector<Json> streams;
    for (auto& [key, doc] : *all)
        streams.push_back(std::move(doc));
    if (order == "LastEventTime") {
        std::stable_sort(streams.begin(), streams.end(), [](const Json& a, const Json& b) {
            return a.value("lastEventTimestamp", 0LL) < b.value("lastEventTimestamp", 0LL);
        });
    }
    if (in.value("descending", false)) std::reverse(streams.begin(), streams.end());
    Json out{{"logStreams", Json::array()}};
    for (std::size_t i = *offset; i < streams.size() && i < *offset + *limit; ++i)
        out["logStreams"].push_back(streams[i]);
    if (*offset + *limit < streams.size()) out["nextToken"] = "o/" + std::to_string(*offset + *limit);
    return out;
}

// ---- tags ----

Result<Json> LogsBackend::tags(Tx& tx, const LogsCall& call, const std::string& op, const Json& in) {
    const bool by_arn = op == "TagResource" || op == "UntagResource" || op == "ListTagsForResource";
    Json target = in;
    if (by_arn) {
        const std::string arn = in.value("resourceArn", "");
        const std::string own = group_arn(Scope{call.caller.account(), call.region}, "");
        if (!strings::starts_with(arn, own)) {
            if (strings::starts_with(arn, "arn:aws:logs:") && arn.find(":log-group:") != std::string::npos) {
                return group_not_found();
            }
            return invalid_parameter("Invalid resource ARN: " + arn);
        }
        target = Json{{"logGroupIdentifier", arn}};
    }
    const bool lists = op == "ListTagsForResource" || op == "ListTagsLogGroup";
    const bool untags = op == "UntagResource" || op == "UntagLogGroup";
    auto group = authorized_group(tx, call, target, "logs:" + op);
    if (!group) return group.error();
    Json& current = (*group)["tags"];
    if (lists) return Json{{"tags", current}};
    if (untags) {
        const char* member = in.contains("tagKeys") ? "tagKeys" : "tags";
        const Json keys = in.contains(member) && in[member].is_array() ? in[member] : Json::array();
        for (const auto& k : keys) {
            if (k.is_string()) current.erase(k.get<std::string>());
        }
    } else {
        const Json added = tags_of(in, "tags");
        for (const auto& [k, v] : added.items())
            current[k] = v;
        if (current.size() > 50) return invalid_parameter("A log group can have at most 50 tags.");
    }
    return save_group(tx, call, *group);
}

} // namespace cdk::localcloud::logs
