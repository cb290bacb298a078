// CloudWatch Logs events: the internal append/read API and PutLogEvents, GetLogEvents, FilterLogEvents.
#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/logs/filter_pattern.hpp"
#include "localcloud/logs/logs_backend.hpp"
#include "localcloud/logs/logs_errors.hpp"
#include "localcloud/logs/logs_internal.hpp"

#include <algorithm>

namespace cdk::localcloud::logs {

using namespace detail;

namespace {

constexpr long long kHourMs = 3600LL * 1000;
constexpr long long kDayMs = 24 * kHourMs;
constexpr std::size_t kMaxBatchEvents = 10000;
constexpr std::size_t kMaxBatchBytes = 1048576;
constexpr std::size_t kEventOverhead = 26;
constexpr std::size_t kMaxEventsPerRead = 10000;

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
        token[0], first == std::string::npos
                      ? 0
                      : cdk::parse_int<std::size_t>(std::string_view(digits).substr(first)).value_or(0)}};
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

} // namespace cdk::localcloud::logs
