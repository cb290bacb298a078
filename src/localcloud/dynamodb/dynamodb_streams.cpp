#include "localcloud/dynamodb/dynamodb_streams.hpp"

#include "aws/protocol/values.hpp"
#include "core/parse_int.hpp"
#include "core/random.hpp"
#include "core/strings.hpp"
#include "localcloud/dynamodb/dynamodb_errors.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace cdk::localcloud::dynamodb {

Json wire_value(const Json& v) {
    if (!v.is_object() || v.size() != 1) return v;
    const std::string type = v.begin().key();
    const Json& inner = v.begin().value();
    if (type == "B" && inner.is_string())
        return Json{{"B", aws::protocol::base64_encode(inner.get<std::string>())}};
    if (type == "BS" && inner.is_array()) {
        Json out = Json::array();
        for (const auto& b : inner)
            out.push_back(b.is_string() ? Json(aws::protocol::base64_encode(b.get<std::string>())) : b);
        return Json{{"BS", out}};
    }
    if (type == "M" && inner.is_object()) {
        Json out = Json::object();
        for (const auto& [k, e] : inner.items())
            out[k] = wire_value(e);
        return Json{{"M", out}};
    }
    if (type == "L" && inner.is_array()) {
        Json out = Json::array();
        for (const auto& e : inner)
            out.push_back(wire_value(e));
        return Json{{"L", out}};
    }
    return v;
}

namespace {

constexpr const char* kStreams = "dynamodb:stream";
constexpr const char* kRecords = "dynamodb:record";
/// Every stream of every account, `<account>\n<region>\n<table>\n<label>`, for the sweeper.
constexpr const char* kStreamIndex = "dynamodb:stream-index";
constexpr std::size_t kMaxPageBytes = 1024 * 1024;
/// A shard iterator is valid for 15 minutes, as on AWS.
constexpr long long kIteratorLifetimeMs = 15LL * 60 * 1000;
const Scope kGlobal{"", ""};

long long millis(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string stream_name(const std::string& table, const std::string& label) {
    return table + "\n" + label;
}

std::string records_prefix(const std::string& table, const std::string& label) {
    return table + "\n" + label + "\n";
}

Json key_of(const Json& key_schema, const Json& item) {
    Json key = Json::object();
    for (const auto& k : key_schema) {
        const std::string n = k["AttributeName"].get<std::string>();
        if (item.contains(n)) key[n] = item[n];
    }
    return key;
}

/// Whether the stream expired: disabled more than the retention ago.
bool expired(const Json& stream, long long now_ms) {
    return stream.contains("DisabledAt") &&
           stream["DisabledAt"].get<long long>() + stream_retention().count() < now_ms;
}

/// Erases the stream's records older than the retention (from the oldest; stops at the first kept one).
Result<void> trim(Tx& tx, const Scope& scope, Json& stream, long long now_ms, bool& changed) {
    const std::string prefix =
        records_prefix(stream["TableName"].get<std::string>(), stream["StreamLabel"].get<std::string>());
    const long long horizon = now_ms - stream_retention().count();
    for (;;) {
        auto oldest = tx.list(scope, kRecords, prefix, "", 64);
        if (!oldest) return oldest.error();
        std::size_t erased = 0;
        for (const auto& [name, rec] : *oldest) {
            if (rec["At"].get<long long>() >= horizon) return ok();
            if (auto e = tx.erase(scope, kRecords, name); !e) return e.error();
            const auto counter = streams::sequence_counter(name.substr(prefix.size()));
            if (counter) stream["Trimmed"] = *counter;
            changed = true;
            ++erased;
        }
        if (oldest->size() < 64 || erased == 0) return ok();
    }
}

} // namespace

std::chrono::milliseconds stream_retention() {
    static const std::chrono::milliseconds retention = [] {
        if (const char* env = std::getenv("CDKPP_LOCALCLOUD_DYNAMODB_STREAM_RETENTION_S")) {
            if (auto s = parse_int<long long>(env); s && *s > 0) return std::chrono::milliseconds(*s * 1000);
        }
        return std::chrono::milliseconds(24LL * 3600 * 1000);
    }();
    return retention;
}

std::string iso8601_ms(std::chrono::system_clock::time_point t) {
    const long long ms = millis(t);
    std::string s = aws::protocol::format_iso8601(static_cast<double>(ms / 1000));
    // "...:05Z" -> "...:05.123Z"
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03lld", ms % 1000);
    s.insert(s.size() - 1, frac);
    return s;
}

namespace streams {

std::string sequence_number(std::uint64_t counter) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "1%020llu", static_cast<unsigned long long>(counter));
    return buf;
}

std::optional<std::uint64_t> sequence_counter(const std::string& sequence_number) {
    if (sequence_number.size() != 21 || sequence_number[0] != '1') return std::nullopt;
    for (char c : sequence_number)
        if (c < '0' || c > '9') return std::nullopt;
    return parse_int<std::uint64_t>(sequence_number.substr(1));
}

std::optional<StreamRef> parse_arn(const std::string& arn, std::string* region, std::string* account) {
    // arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>
    const auto parts = strings::split(arn, ":");
    if (parts.size() < 6 || parts[0] != "arn" || parts[2] != "dynamodb") return std::nullopt;
    // The label has colons (a time): the resource is everything after the fifth colon.
    std::size_t pos = 0;
    for (int i = 0; i < 5; ++i) {
        pos = arn.find(':', pos);
        if (pos == std::string::npos) return std::nullopt;
        ++pos;
    }
    const std::string resource = arn.substr(pos);
    if (!strings::starts_with(resource, "table/")) return std::nullopt;
    const auto mark = resource.find("/stream/");
    if (mark == std::string::npos) return std::nullopt;
    StreamRef ref{resource.substr(6, mark - 6), resource.substr(mark + 8)};
    if (ref.table.empty() || ref.label.empty() || ref.table.find('/') != std::string::npos)
        return std::nullopt;
    if (region) *region = parts[3];
    if (account) *account = parts[4];
    return ref;
}

Result<Json> create(Tx& tx, const Scope& scope, const Json& table, const std::string& view_type,
                    std::chrono::system_clock::time_point now) {
    const std::string name = table["TableName"].get<std::string>();
    // A label unique in the table: the creation time in milliseconds, moved on when one exists already.
    auto t = now;
    std::string label;
    for (;;) {
        label = iso8601_ms(t);
        label.pop_back(); // AWS's labels have no zone: 2026-01-02T03:04:05.123
        auto existing = tx.get(scope, kStreams, stream_name(name, label));
        if (!existing) return existing.error();
        if (!existing->has_value()) break;
        t += std::chrono::milliseconds(1);
    }
    const std::string arn = table["TableArn"].get<std::string>() + "/stream/" + label;
    char shard[64];
    std::snprintf(shard, sizeof shard, "shardId-%020lld-%s", millis(t), random_uuid().substr(0, 8).c_str());
    Json s{{"StreamArn", arn},
           {"StreamLabel", label},
           {"TableName", name},
           {"StreamViewType", view_type},
           {"KeySchema", table["KeySchema"]},
           {"CreationRequestDateTime", iso8601_ms(t)},
           {"StreamStatus", "ENABLED"},
           {"ShardId", shard},
           {"Last", 0},
           {"Trimmed", 0}};
    if (auto r = tx.put(scope, kStreams, stream_name(name, label), s); !r) return r.error();
    if (auto r =
            tx.put(kGlobal, kStreamIndex,
                   scope.account + "\n" + scope.region + "\n" + stream_name(name, label), Json::object());
        !r) {
        return r.error();
    }
    return s;
}

Result<void> disable(Tx& tx, const Scope& scope, const std::string& table, const std::string& label,
                     std::chrono::system_clock::time_point now) {
    auto s = tx.get(scope, kStreams, stream_name(table, label));
    if (!s) return s.error();
    if (!s->has_value() || (**s)["StreamStatus"] == "DISABLED") return ok();
    Json doc = **s;
    doc["StreamStatus"] = "DISABLED";
    doc["DisabledAt"] = millis(now);
    return tx.put(scope, kStreams, stream_name(table, label), doc);
}

Result<void> record(Tx& tx, const Scope& scope, const Json& table, const std::optional<Json>& before,
                    const std::optional<Json>& after, std::chrono::system_clock::time_point now,
                    Origin origin) {
    if (!table.contains("LatestStreamLabel") || !table.contains("StreamSpecification") ||
        !table["StreamSpecification"].value("StreamEnabled", false)) {
        return ok();
    }
    if (!before && !after) return ok();
    if (before && after && *before == *after) return ok(); // AWS writes no record when nothing changed
    const std::string name = table["TableName"].get<std::string>();
    const std::string label = table["LatestStreamLabel"].get<std::string>();
    auto found = tx.get(scope, kStreams, stream_name(name, label));
    if (!found) return found.error();
    if (!found->has_value()) return ok();
    Json stream = **found;
    const long long now_ms = millis(now);
    bool changed = false;
    if (auto t = trim(tx, scope, stream, now_ms, changed); !t) return t.error();
    const std::uint64_t counter = stream["Last"].get<std::uint64_t>() + 1;
    stream["Last"] = counter;
    const std::string view = stream["StreamViewType"].get<std::string>();
    Json change{{"ApproximateCreationDateTime", iso8601_ms(now)},
                {"Keys", key_of(table["KeySchema"], after ? *after : *before)},
                {"SequenceNumber", sequence_number(counter)},
                {"StreamViewType", view}};
    if (after && (view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES")) change["NewImage"] = *after;
    if (before && (view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES")) change["OldImage"] = *before;
    // SizeBytes: the record's keys and images, measured as their JSON (as items are measured).
    std::size_t size = change["Keys"].dump().size();
    if (change.contains("NewImage")) size += change["NewImage"].dump().size();
    if (change.contains("OldImage")) size += change["OldImage"].dump().size();
    change["SizeBytes"] = size;
    std::string event_id = random_uuid();
    event_id.erase(std::remove(event_id.begin(), event_id.end(), '-'), event_id.end());
    Json rec{{"eventID", event_id},       {"eventName", !before ? "INSERT" : !after ? "REMOVE" : "MODIFY"},
             {"eventVersion", "1.1"},     {"eventSource", "aws:dynamodb"},
             {"awsRegion", scope.region}, {"dynamodb", change}};
    if (origin == Origin::TimeToLive)
        rec["userIdentity"] = {{"PrincipalId", "dynamodb.amazonaws.com"}, {"Type", "Service"}};
    if (auto r = tx.put(scope, kRecords, records_prefix(name, label) + sequence_number(counter),
                        Json{{"Record", rec}, {"At", now_ms}});
        !r) {
        return r.error();
    }
    return tx.put(scope, kStreams, stream_name(name, label), stream);
}

Result<std::optional<Json>> find(Tx& tx, const Scope& scope, const StreamRef& ref,
                                 std::chrono::system_clock::time_point now) {
    auto s = tx.get(scope, kStreams, stream_name(ref.table, ref.label));
    if (!s) return s.error();
    if (!s->has_value() || expired(**s, millis(now))) return std::optional<Json>{};
    return *s;
}

Result<Range> range(Tx& tx, const Scope& scope, const Json& stream,
                    std::chrono::system_clock::time_point now) {
    Range r;
    r.last = stream["Last"].get<std::uint64_t>();
    r.first = stream.value("Trimmed", std::uint64_t{0}) + 1;
    const std::string prefix =
        records_prefix(stream["TableName"].get<std::string>(), stream["StreamLabel"].get<std::string>());
    const long long horizon = millis(now) - stream_retention().count();
    // Records past the retention that no write has erased yet count as trimmed.
    auto oldest = tx.list(scope, kRecords, prefix, "", 64);
    if (!oldest) return oldest.error();
    for (const auto& [name, rec] : *oldest) {
        if (rec["At"].get<long long>() >= horizon) break;
        if (auto c = sequence_counter(name.substr(prefix.size()))) r.first = *c + 1;
    }
    return r;
}

Result<Batch> read(Tx& tx, const Scope& scope, const StreamRef& ref, std::uint64_t from, std::size_t limit,
                   std::chrono::system_clock::time_point now) {
    auto s = find(tx, scope, ref, now);
    if (!s) return s.error();
    if (!s->has_value()) return not_found("Requested resource not found: Stream not found");
    const Json& stream = **s;
    auto bounds = range(tx, scope, stream, now);
    if (!bounds) return bounds.error();
    if (from < bounds->first) from = bounds->first;
    Batch out;
    out.next = from;
    const std::string prefix = records_prefix(ref.table, ref.label);
    auto page = tx.list(scope, kRecords, prefix,
                        from > 1 ? prefix + sequence_number(from - 1) : std::string{}, limit);
    if (!page) return page.error();
    const long long horizon = millis(now) - stream_retention().count();
    std::size_t bytes = 0;
    for (const auto& [name, rec] : *page) {
        const auto counter = sequence_counter(name.substr(prefix.size()));
        if (!counter) continue;
        out.next = *counter + 1;
        if (rec["At"].get<long long>() < horizon) continue;
        bytes += rec["Record"].dump().size();
        out.records.push_back(rec["Record"]);
        if (bytes >= kMaxPageBytes) break;
    }
    out.closed = stream["StreamStatus"] == "DISABLED" && out.next > stream["Last"].get<std::uint64_t>();
    return out;
}

Result<void> trim_all(Tx& tx, std::chrono::system_clock::time_point now) {
    auto all = tx.list(kGlobal, kStreamIndex);
    if (!all) return all.error();
    const long long now_ms = millis(now);
    for (const auto& [entry, unused] : *all) {
        const auto parts = strings::split(entry, "\n");
        if (parts.size() != 4) continue;
        const Scope scope{parts[0], parts[1]};
        auto s = tx.get(scope, kStreams, stream_name(parts[2], parts[3]));
        if (!s) return s.error();
        if (!s->has_value()) {
            if (auto e = tx.erase(kGlobal, kStreamIndex, entry); !e) return e.error();
            continue;
        }
        Json stream = **s;
        if (expired(stream, now_ms)) {
            if (auto e = tx.erase_prefix(scope, kRecords, records_prefix(parts[2], parts[3])); !e)
                return e.error();
            if (auto e = tx.erase(scope, kStreams, stream_name(parts[2], parts[3])); !e) return e.error();
            if (auto e = tx.erase(kGlobal, kStreamIndex, entry); !e) return e.error();
            continue;
        }
        bool changed = false;
        if (auto t = trim(tx, scope, stream, now_ms, changed); !t) return t.error();
        if (changed) {
            if (auto r = tx.put(scope, kStreams, stream_name(parts[2], parts[3]), stream); !r)
                return r.error();
        }
    }
    return ok();
}

} // namespace streams

// --- the DynamoDB Streams API ----------------------------------------------------------------------------

namespace {

Error expired_iterator(long long issued_ms, long long now_ms) {
    return make_error("ExpiredIteratorException",
                      "Iterator expired. The iterator was created at time " +
                          aws::protocol::format_http_date(static_cast<double>(issued_ms) / 1000) +
                          " while right now it is " +
                          aws::protocol::format_http_date(static_cast<double>(now_ms) / 1000) +
                          " which is further in the future than the tolerated delay of 900000 milliseconds.",
                      400);
}

Error trimmed() {
    return make_error("TrimmedDataAccessException",
                      "The operation attempted to read past the oldest stream record in a shard.", 400);
}

/// A shard iterator: `<stream ARN>|1|<base64 of {"s":shard,"f":from counter,"t":issued ms}>`.
std::string make_iterator(const std::string& arn, const std::string& shard, std::uint64_t from,
                          long long issued) {
    return arn + "|1|" + aws::protocol::base64_encode(Json{{"s", shard}, {"f", from}, {"t", issued}}.dump());
}

struct Iterator {
    std::string arn;
    std::string shard;
    std::uint64_t from = 0;
    long long issued = 0;
};

std::optional<Iterator> parse_iterator(const std::string& text) {
    const auto bar = text.find("|1|");
    if (bar == std::string::npos) return std::nullopt;
    auto decoded = aws::protocol::base64_decode(text.substr(bar + 3));
    if (!decoded) return std::nullopt;
    Json doc = Json::parse(*decoded, nullptr, false);
    if (!doc.is_object() || !doc.contains("s") || !doc["s"].is_string() || !doc.contains("f") ||
        !doc["f"].is_number_unsigned() || !doc.contains("t") || !doc["t"].is_number_integer()) {
        return std::nullopt;
    }
    return Iterator{text.substr(0, bar), doc["s"].get<std::string>(), doc["f"].get<std::uint64_t>(),
                    doc["t"].get<long long>()};
}

Scope scope_of(const RequestContext& ctx) {
    return Scope{ctx.caller.account(), ctx.region};
}

} // namespace

Result<Json> DynamoStreamsApi::stream(Tx& tx, RequestContext& ctx, const std::string& arn, const char* action,
                                      streams::StreamRef& ref) {
    std::string region;
    std::string account;
    auto parsed = streams::parse_arn(arn, &region, &account);
    if (!parsed) return validation("Invalid StreamArn");
    ref = *parsed;
    if (auto a = cloud_.iam.authorize(tx, ctx.caller, std::string("dynamodb:") + action, arn,
                                      ctx.caller.account(), std::nullopt, iam::ResourcePolicyMode::None,
                                      ctx.condition_context, "AccessDeniedException");
        !a) {
        return a.error();
    }
    const Error missing = not_found("Requested resource not found: Stream: " + arn + " not found");
    // Another account's or region's stream is not visible.
    if (account != ctx.caller.account() || region != ctx.region) return missing;
    auto s = streams::find(tx, scope_of(ctx), ref, ctx.now);
    if (!s) return s.error();
    if (!s->has_value()) return missing;
    return **s;
}

Result<Json> DynamoStreamsApi::list_streams(Tx& tx, RequestContext& ctx, const Json& in) {
    if (auto a = cloud_.iam.authorize(tx, ctx.caller, "dynamodb:ListStreams", "*", ctx.caller.account(),
                                      std::nullopt, iam::ResourcePolicyMode::None, ctx.condition_context,
                                      "AccessDeniedException");
        !a) {
        return a.error();
    }
    const std::string table = in.value("TableName", "");
    auto all = tx.list(scope_of(ctx), kStreams, table.empty() ? std::string{} : table + "\n");
    if (!all) return all.error();
    const std::size_t limit = in.value("Limit", 100);
    const std::string start = in.value("ExclusiveStartStreamArn", "");
    bool started = start.empty();
    Json out_streams = Json::array();
    bool more = false;
    for (const auto& [name, s] : *all) {
        if (expired(s, millis(ctx.now))) continue;
        if (!started) {
            started = s["StreamArn"] == start;
            continue;
        }
        if (out_streams.size() == limit) {
            more = true;
            break;
        }
        out_streams.push_back({{"StreamArn", s["StreamArn"]},
                               {"TableName", s["TableName"]},
                               {"StreamLabel", s["StreamLabel"]}});
    }
    Json out{{"Streams", out_streams}};
    if (more) out["LastEvaluatedStreamArn"] = out_streams.back()["StreamArn"];
    return out;
}

Result<Json> DynamoStreamsApi::describe_stream(Tx& tx, RequestContext& ctx, const Json& in) {
    streams::StreamRef ref;
    auto s = stream(tx, ctx, in.value("StreamArn", ""), "DescribeStream", ref);
    if (!s) return s;
    auto bounds = streams::range(tx, scope_of(ctx), *s, ctx.now);
    if (!bounds) return bounds.error();
    Json range{{"StartingSequenceNumber", streams::sequence_number(bounds->first)}};
    if ((*s)["StreamStatus"] == "DISABLED")
        range["EndingSequenceNumber"] = streams::sequence_number(bounds->last);
    Json shards = Json::array();
    // One shard per stream; ExclusiveStartShardId past it leaves none.
    if (in.value("ExclusiveStartShardId", "") != (*s)["ShardId"].get<std::string>())
        shards.push_back({{"ShardId", (*s)["ShardId"]}, {"SequenceNumberRange", range}});
    Json d{{"StreamArn", (*s)["StreamArn"]},
           {"StreamLabel", (*s)["StreamLabel"]},
           {"StreamStatus", (*s)["StreamStatus"]},
           {"StreamViewType", (*s)["StreamViewType"]},
           {"CreationRequestDateTime", (*s)["CreationRequestDateTime"]},
           {"TableName", (*s)["TableName"]},
           {"KeySchema", (*s)["KeySchema"]},
           {"Shards", shards}};
    return Json{{"StreamDescription", d}};
}

Result<Json> DynamoStreamsApi::get_shard_iterator(Tx& tx, RequestContext& ctx, const Json& in) {
    streams::StreamRef ref;
    const std::string arn = in.value("StreamArn", "");
    auto s = stream(tx, ctx, arn, "GetShardIterator", ref);
    if (!s) return s;
    const std::string shard = in.value("ShardId", "");
    if (shard != (*s)["ShardId"].get<std::string>())
        return not_found("Requested resource not found: Shard does not exist");
    auto bounds = streams::range(tx, scope_of(ctx), *s, ctx.now);
    if (!bounds) return bounds.error();
    const std::string type = in.value("ShardIteratorType", "");
    std::uint64_t from = 0;
    if (type == "TRIM_HORIZON") {
        from = 0;
    } else if (type == "LATEST") {
        from = bounds->last + 1;
    } else {
        if (!in.contains("SequenceNumber"))
            return validation("SequenceNumber is required for shard iterator type " + type);
        const std::string seq = in["SequenceNumber"].get<std::string>();
        const auto counter = streams::sequence_counter(seq);
        if (!counter || *counter == 0 || *counter > bounds->last) {
            return validation("Invalid SequenceNumber: " + seq + " is not in the shard " + shard);
        }
        if (*counter < bounds->first) return trimmed();
        from = type == "AT_SEQUENCE_NUMBER" ? *counter : *counter + 1;
    }
    return Json{{"ShardIterator", make_iterator(arn, shard, from, millis(ctx.now))}};
}

Result<Json> DynamoStreamsApi::get_records(Tx& tx, RequestContext& ctx, const Json& in) {
    const auto it = parse_iterator(in.value("ShardIterator", ""));
    if (!it) return validation("Invalid ShardIterator");
    streams::StreamRef ref;
    auto s = stream(tx, ctx, it->arn, "GetRecords", ref);
    if (!s) return s;
    if (it->shard != (*s)["ShardId"].get<std::string>()) return validation("Invalid ShardIterator");
    const long long now_ms = millis(ctx.now);
    if (now_ms - it->issued > kIteratorLifetimeMs) return expired_iterator(it->issued, now_ms);
    if (it->from != 0) {
        auto bounds = streams::range(tx, scope_of(ctx), *s, ctx.now);
        if (!bounds) return bounds.error();
        if (it->from < bounds->first) return trimmed();
    }
    const std::size_t limit = in.value("Limit", 1000);
    auto batch = streams::read(tx, scope_of(ctx), ref, it->from, limit, ctx.now);
    if (!batch) return batch.error();
    Json records = Json::array();
    for (auto& r : batch->records)
        records.push_back(std::move(r));
    Json out{{"Records", records}};
    // A closed shard read to its end has no next iterator.
    if (!batch->closed) out["NextShardIterator"] = make_iterator(it->arn, it->shard, batch->next, now_ms);
    return out;
}

} // namespace cdk::localcloud::dynamodb
