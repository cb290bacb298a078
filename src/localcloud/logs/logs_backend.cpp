#include "localcloud/logs/logs_backend.hpp"

#include "core/strings.hpp"
#include "localcloud/logs/filter_pattern.hpp"
#include "localcloud/logs/logs_errors.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <regex>

namespace cdk::localcloud::logs {

namespace {

constexpr const char* kGroupKind = "logs:group";
constexpr const char* kStreamKind = "logs:stream";
constexpr const char* kEventsKind = "logs:events";

constexpr long long kHourMs = 3600LL * 1000;
constexpr long long kDayMs = 24 * kHourMs;
constexpr std::size_t kMaxBatchEvents = 10000;
constexpr std::size_t kMaxBatchBytes = 1048576;
constexpr std::size_t kEventOverhead = 26;
constexpr std::size_t kMaxEventsPerRead = 10000;

constexpr std::array<long long, 22> kRetentionDays = {
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

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

/// AWS's wording for a member that fails its model constraint.
Error constraint(const std::string& member, const std::string& value, const std::string& rule) {
    return invalid_parameter("1 validation error detected: Value '" + value + "' at '" + member +
                             "' failed to satisfy constraint: Member must " + rule);
}

Result<void> check_group_name(const std::string& name, const char* member = "logGroupName") {
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

/// The group named by logGroupName or by logGroupIdentifier (a name or an ARN of the caller's account).
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

/// The group as DescribeLogGroups shows it.
Json group_view(const Json& group) {
    Json out = group;
    out.erase("nextChunk");
    out.erase("tags");
    return out;
}

/// Reads `limit` (1..max, default `fallback`) from the input.
Result<std::size_t> limit_of(const Json& in, std::size_t max, std::size_t fallback) {
    if (!in.contains("limit")) return fallback;
    const long long limit = in["limit"].get<long long>();
    if (limit < 1 || static_cast<std::size_t>(limit) > max) {
        return constraint("limit", std::to_string(limit), "have value between 1 and " + std::to_string(max));
    }
    return static_cast<std::size_t>(limit);
}

/// Offset paging tokens ("o/<n>") for listings that are not in key order.
Result<std::size_t> offset_token(const Json& in) {
    const std::string token = in.value("nextToken", "");
    if (token.empty()) return std::size_t{0};
    if (!strings::starts_with(token, "o/") || token.size() > 12 ||
        token.find_first_not_of("0123456789", 2) != std::string::npos || token.size() == 2) {
        return invalid_parameter("The specified nextToken is invalid.");
    }
    return static_cast<std::size_t>(std::stoll(token.substr(2)));
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

// ---- internal API ----

namespace {

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

} // namespace

Result<Json> LogsBackend::append_events(Tx& tx, const Scope& scope, Json group, const std::string& stream,
                                        const std::vector<LogEvent>& events, long long now) {
    const std::string name = group["logGroupName"];
    auto s = tx.get(scope, kStreamKind, stream_key(name, stream));
    if (!s) return s.error();
    if (!*s) return stream_not_found();
    Json st = std::move(**s);
    const long long chunk = group.value("nextChunk", 0LL);
    group["nextChunk"] = chunk + 1;
    Json rows = Json::array();
    long long bytes = 0;
    for (const auto& e : events) {
        // Build output is any bytes; what is stored (and rendered as JSON) must be UTF-8.
        rows.push_back(
            Json::array({e.timestamp_ms < 0 ? 0 : e.timestamp_ms, now, strings::to_valid_utf8(e.message)}));
        bytes += static_cast<long long>(e.message.size());
    }
    if (!events.empty()) {
        const auto [lo, hi] =
            std::minmax_element(events.begin(), events.end(), [](const LogEvent& a, const LogEvent& b) {
                return a.timestamp_ms < b.timestamp_ms;
            });
        if (!st.contains("firstEventTimestamp") ||
            lo->timestamp_ms < st["firstEventTimestamp"].get<long long>()) {
            st["firstEventTimestamp"] = lo->timestamp_ms;
        }
        if (!st.contains("lastEventTimestamp") ||
            hi->timestamp_ms > st["lastEventTimestamp"].get<long long>()) {
            st["lastEventTimestamp"] = hi->timestamp_ms;
        }
        st["lastIngestionTime"] = now;
        if (auto p = tx.put(scope, kEventsKind, stream_key(name, stream) + ":" + padded(chunk, 20),
                            Json{{"chunk", chunk}, {"events", rows}});
            !p) {
            return p.error();
        }
    }
    st["storedBytes"] = st.value("storedBytes", 0LL) + bytes;
    st["uploadSequenceToken"] = padded(chunk + 1, 56);
    group["storedBytes"] = group.value("storedBytes", 0LL) + bytes;
    if (auto p = tx.put(scope, kStreamKind, stream_key(name, stream), st); !p) return p.error();
    if (auto p = tx.put(scope, kGroupKind, name, group); !p) return p.error();
    return st;
}

Result<void> LogsBackend::append(Tx& tx, const Scope& scope, const std::string& group,
                                 const std::string& stream, const std::vector<LogEvent>& events) {
    if (auto c = check_group_name(group); !c) return c.error();
    if (auto c = check_stream_name(stream); !c) return c.error();
    const long long now = now_ms();
    auto g = tx.get(scope, kGroupKind, group);
    if (!g) return g.error();
    Json doc = *g ? std::move(**g) : new_group(scope, group, now);
    if (!*g) {
        if (auto p = tx.put(scope, kGroupKind, group, doc); !p) return p.error();
    }
    auto s = tx.get(scope, kStreamKind, stream_key(group, stream));
    if (!s) return s.error();
    if (!*s) {
        if (auto p =
                tx.put(scope, kStreamKind, stream_key(group, stream), new_stream(scope, group, stream, now));
            !p) {
            return p.error();
        }
    }
    auto done = append_events(tx, scope, std::move(doc), stream, events, now);
    if (!done) return done.error();
    return ok();
}

Result<void> LogsBackend::append(const Scope& scope, const std::string& group, const std::string& stream,
                                 const std::vector<LogEvent>& events) {
    auto done = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = append(tx, scope, group, stream, events); !a) return a.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

Result<std::vector<StoredEvent>> LogsBackend::stream_events(Tx& tx, const Scope& scope,
                                                            const std::string& group,
                                                            const std::string& stream, long long now) {
    auto g = get_group(tx, scope, group);
    if (!g) return g.error();
    // Events older than the retention period are gone (CloudWatch Logs deletes them).
    const long long oldest =
        g->contains("retentionInDays") ? now - (*g)["retentionInDays"].get<long long>() * kDayMs : 0;
    auto chunks = tx.list(scope, kEventsKind, stream_key(group, stream) + ":");
    if (!chunks) return chunks.error();
    std::vector<StoredEvent> out;
    for (const auto& [key, doc] : *chunks) {
        const long long chunk = doc.value("chunk", 0LL);
        std::size_t index = 0;
        for (const auto& row : doc["events"]) {
            StoredEvent e;
            e.timestamp_ms = row[0].get<long long>();
            e.ingestion_ms = row[1].get<long long>();
            e.message = row[2].get<std::string>();
            e.stream = stream;
            e.event_id =
                padded(e.timestamp_ms, 20) + padded(chunk, 20) + padded(static_cast<long long>(index++), 16);
            if (e.timestamp_ms >= oldest) out.push_back(std::move(e));
        }
    }
    std::sort(out.begin(), out.end(),
              [](const StoredEvent& a, const StoredEvent& b) { return a.event_id < b.event_id; });
    return out;
}

Result<std::vector<StoredEvent>>
LogsBackend::read_events(Tx& tx, const Scope& scope, const std::string& group, const std::string& stream) {
    auto s = tx.get(scope, kStreamKind, stream_key(group, stream));
    if (!s) return s.error();
    if (!*s) {
        auto g = get_group(tx, scope, group);
        if (!g) return g.error();
        return stream_not_found();
    }
    return stream_events(tx, scope, group, stream, now_ms());
}

Result<std::vector<StoredEvent>> LogsBackend::read_events(const Scope& scope, const std::string& group,
                                                          const std::string& stream) {
    return cloud_.store.read<std::vector<StoredEvent>>(
        [&](Tx& tx) { return read_events(tx, scope, group, stream); });
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

// ---- events ----

Result<Json> LogsBackend::put_log_events(Tx& tx, const LogsCall& call, const Json& in) {
    auto ref = authorized_stream(tx, call, in, "logs:PutLogEvents");
    if (!ref) return ref.error();
    const auto& [scope, group, stream] = *ref;
    static const Json kNone = Json::array();
    const Json& events = in.contains("logEvents") && in["logEvents"].is_array() ? in["logEvents"] : kNone;
    if (events.empty()) return constraint("logEvents", "[]", "have length greater than or equal to 1");
    if (events.size() > kMaxBatchEvents) {
        return constraint("logEvents", "[...]",
                          "have length less than or equal to " + std::to_string(kMaxBatchEvents));
    }
    auto g = get_group(tx, scope, group);
    if (!g) return g.error();
    // The sequence token is accepted and ignored, as PutLogEvents does since January 2023.
    std::vector<LogEvent> batch;
    std::size_t bytes = 0;
    for (const auto& e : events) {
        LogEvent ev{e.value("timestamp", 0LL), e.value("message", "")};
        if (ev.message.empty())
            return constraint("logEvents.member.message", "", "have length greater than or equal to 1");
        if (!batch.empty() && ev.timestamp_ms < batch.back().timestamp_ms) {
            return invalid_parameter(
                "Log events in a single PutLogEvents request must be in chronological order.");
        }
        bytes += ev.message.size() + kEventOverhead;
        batch.push_back(std::move(ev));
    }
    if (bytes > kMaxBatchBytes) {
        return invalid_parameter("Upload too large: " + std::to_string(bytes) + " bytes exceeds limit of " +
                                 std::to_string(kMaxBatchBytes));
    }
    if (batch.back().timestamp_ms - batch.front().timestamp_ms > kDayMs) {
        return invalid_parameter(
            "The batch of log events in a single PutLogEvents request cannot span more than 24 "
            "hours.");
    }
    // Events outside the accepted window are rejected (reported, not stored); the rest are accepted.
    const long long now = now_ms();
    const long long too_old = now - 14 * kDayMs;
    const long long expired =
        g->contains("retentionInDays") ? now - (*g)["retentionInDays"].get<long long>() * kDayMs : too_old;
    const long long too_new = now + 2 * kHourMs;
    Json rejected = Json::object();
    std::vector<LogEvent> accepted;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const long long ts = batch[i].timestamp_ms;
        if (ts > too_new) {
            if (!rejected.contains("tooNewLogEventStartIndex")) rejected["tooNewLogEventStartIndex"] = i;
        } else if (ts < expired && expired > too_old) {
            rejected["expiredLogEventEndIndex"] = i + 1;
        } else if (ts < too_old) {
            rejected["tooOldLogEventEndIndex"] = i + 1;
        } else {
            accepted.push_back(std::move(batch[i]));
        }
    }
    auto st = append_events(tx, scope, std::move(*g), stream, accepted, now);
    if (!st) return st.error();
    Json out{{"nextSequenceToken", (*st)["uploadSequenceToken"]}};
    if (!rejected.empty()) out["rejectedLogEventsInfo"] = rejected;
    return out;
}

namespace {

/// GetLogEvents tokens: "f/<index>" and "b/<index>", positions in the stream's (time-filtered) events.
struct Position {
    char direction = 0;
    std::size_t index = 0;
};

Result<std::optional<Position>> parse_position(const std::string& token) {
    if (token.empty()) return std::optional<Position>{};
    if (token.size() < 3 || token.size() > 60 || (token[0] != 'f' && token[0] != 'b') || token[1] != '/' ||
        token.find_first_not_of("0123456789", 2) != std::string::npos) {
        return invalid_parameter("The specified nextToken is invalid.");
    }
    const std::string digits = token.substr(2);
    const auto first = digits.find_first_not_of('0');
    if (first != std::string::npos && digits.size() - first > 15) {
        return invalid_parameter("The specified nextToken is invalid.");
    }
    return std::optional<Position>{Position{
        token[0],
        first == std::string::npos ? 0 : static_cast<std::size_t>(std::stoll(digits.substr(first)))}};
}

std::string position_token(char direction, std::size_t index) {
    return std::string(1, direction) + "/" + padded(static_cast<long long>(index), 56);
}

/// Whether the event is within startTime..endTime. GetLogEvents leaves out events at endTime itself,
/// FilterLogEvents only those later (as the API reference words each).
bool in_window(const StoredEvent& e, const Json& in, bool end_inclusive) {
    if (in.contains("startTime") && e.timestamp_ms < in["startTime"].get<long long>()) return false;
    if (!in.contains("endTime")) return true;
    const long long end = in["endTime"].get<long long>();
    return end_inclusive ? e.timestamp_ms <= end : e.timestamp_ms < end;
}

} // namespace

Result<Json> LogsBackend::get_log_events(Tx& tx, const LogsCall& call, const Json& in) {
    auto ref = authorized_stream(tx, call, in, "logs:GetLogEvents");
    if (!ref) return ref.error();
    auto limit = limit_of(in, kMaxEventsPerRead, kMaxEventsPerRead);
    if (!limit) return limit.error();
    auto position = parse_position(in.value("nextToken", ""));
    if (!position) return position.error();
    auto all = read_events(tx, ref->scope, ref->group, ref->stream);
    if (!all) return all.error();
    std::vector<const StoredEvent*> events;
    for (const auto& e : *all) {
        if (in_window(e, in, false)) events.push_back(&e);
    }
    const std::size_t n = events.size();
    std::size_t begin = 0;
    std::size_t end = 0;
    if (!*position) {
        const bool from_head = in.value("startFromHead", false);
        begin = from_head ? 0 : (n > *limit ? n - *limit : 0);
        end = from_head ? std::min(n, *limit) : n;
    } else if ((*position)->direction == 'f') {
        begin = std::min((*position)->index, n);
        end = std::min(n, begin + *limit);
    } else {
        end = std::min((*position)->index, n);
        begin = end > *limit ? end - *limit : 0;
    }
    Json out{{"events", Json::array()},
             {"nextForwardToken", position_token('f', end)},
             {"nextBackwardToken", position_token('b', begin)}};
    for (std::size_t i = begin; i < end; ++i) {
        out["events"].push_back(Json{{"timestamp", events[i]->timestamp_ms},
                                     {"message", events[i]->message},
                                     {"ingestionTime", events[i]->ingestion_ms}});
    }
    return out;
}

Result<Json> LogsBackend::filter_log_events(Tx& tx, const LogsCall& call, const Json& in) {
    auto group = authorized_group(tx, call, in, "logs:FilterLogEvents");
    if (!group) return group.error();
    const std::string name = (*group)["logGroupName"];
    const bool by_names = in.contains("logStreamNames") && in["logStreamNames"].is_array();
    const std::string prefix = in.value("logStreamNamePrefix", "");
    if (by_names && !prefix.empty()) {
        return invalid_parameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
    }
    auto pattern = FilterPattern::parse(in.value("filterPattern", ""));
    if (!pattern) return pattern.error();
    auto limit = limit_of(in, kMaxEventsPerRead, kMaxEventsPerRead);
    if (!limit) return limit.error();
    // The token is the id of the last event returned: the next page starts after it, so events that arrive
    // between pages are neither repeated nor skipped when they are later than the page.
    const std::string after = in.value("nextToken", "");
    if (!after.empty() && (after.size() != 56 + 2 || !strings::starts_with(after, "e/") ||
                           after.find_first_not_of("0123456789", 2) != std::string::npos)) {
        return invalid_parameter("The specified nextToken is invalid.");
    }
    const std::string after_id = after.empty() ? "" : after.substr(2);
    const Scope scope{call.caller.account(), call.region};
    std::vector<std::string> streams;
    if (by_names) {
        for (const auto& s : in["logStreamNames"]) {
            if (s.is_string()) streams.push_back(s.get<std::string>());
        }
    } else {
        auto all = tx.list(scope, kStreamKind, stream_key(name, prefix));
        if (!all) return all.error();
        for (const auto& [key, doc] : *all)
            streams.push_back(doc["logStreamName"]);
    }
    const long long now = now_ms();
    std::vector<StoredEvent> matched;
    for (const auto& s : streams) {
        auto st = tx.get(scope, kStreamKind, stream_key(name, s));
        if (!st) return st.error();
        if (!*st) continue;
        auto events = stream_events(tx, scope, name, s, now);
        if (!events) return events.error();
        for (auto& e : *events) {
            if (in_window(e, in, true) && e.event_id > after_id && pattern->matches(e.message)) {
                matched.push_back(std::move(e));
            }
        }
    }
    // Ids are unique within the group across streams (chunks are numbered per group); the stream name
    // only breaks ties that cannot happen.
    std::sort(matched.begin(), matched.end(), [](const StoredEvent& a, const StoredEvent& b) {
        return a.event_id != b.event_id ? a.event_id < b.event_id : a.stream < b.stream;
    });
    Json out{{"events", Json::array()}, {"searchedLogStreams", Json::array()}};
    for (const auto& s : streams)
        out["searchedLogStreams"].push_back(Json{{"logStreamName", s}, {"searchedCompletely", true}});
    for (std::size_t i = 0; i < matched.size() && i < *limit; ++i) {
        const auto& e = matched[i];
        out["events"].push_back(Json{{"logStreamName", e.stream},
                                     {"timestamp", e.timestamp_ms},
                                     {"message", e.message},
                                     {"ingestionTime", e.ingestion_ms},
                                     {"eventId", e.event_id}});
    }
    if (matched.size() > *limit) out["nextToken"] = "e/" + matched[*limit - 1].event_id;
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
