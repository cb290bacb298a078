#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"
#include "localcloud/state/store.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::dynamodb {

/// How long stream records are kept (AWS: 24 hours); `CDKPP_LOCALCLOUD_DYNAMODB_STREAM_RETENTION_S` overrides
/// it (tests).
[[nodiscard]] std::chrono::milliseconds stream_retention();

/// "2026-01-02T03:04:05.123Z": the millisecond ISO form the stream labels and records use.
[[nodiscard]] std::string iso8601_ms(std::chrono::system_clock::time_point t);

/// An attribute value in wire form: blobs (B, BS) base64, recursively through maps and lists (the store keeps
/// them decoded). The item API's answers, stream records and Lambda's stream events carry this form.
[[nodiscard]] Json wire_value(const Json& v);

/// The stream log of DynamoDB tables, in the store (docs/localcloud-dynamodb.md, "Streams"). A stream is
/// `dynamodb:stream/<table>\n<label>` in the table's account and region; its records are
/// `dynamodb:record/<table>\n<label>\n<sequence number>`, written in the transaction of the item write that
/// made them; sequence numbers are 21 digits ("1" and a 20-digit counter), so that their order as names is
/// their order as numbers. One shard per stream.
///
/// Besides the DynamoDB Streams API (DynamoStreamsApi), other parts of localcloud read a stream in-process
/// (a Lambda event source poller): `read` inside a `Store::read`, from a sequence number, without
/// authorization (the caller authorizes as the function's role).
namespace streams {

/// A stream's store document (member names of the API's StreamDescription, plus localcloud's bookkeeping:
/// "Last", the last sequence counter used, and "DisabledAt").
struct StreamRef {
    std::string table;
    std::string label;
};

/// The stream named by an ARN `arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>`.
[[nodiscard]] std::optional<StreamRef> parse_arn(const std::string& arn, std::string* region = nullptr,
                                                 std::string* account = nullptr);

/// Creates the table's stream (a new label, unique in the table) with `view_type`; returns its document.
[[nodiscard]] Result<Json> create(Tx& tx, const Scope& scope, const Json& table, const std::string& view_type,
                                  std::chrono::system_clock::time_point now);
/// Marks the stream DISABLED (its shard closed: still readable until it expires).
[[nodiscard]] Result<void> disable(Tx& tx, const Scope& scope, const std::string& table,
                                   const std::string& label, std::chrono::system_clock::time_point now);

/// Who made a change: absent for a caller's write, the DynamoDB service for a TTL deletion.
enum class Origin { Caller, TimeToLive };

/// Appends the record of one item change to the table's current stream, if it has one enabled: `before`
/// and `after` are the item (absent when it did not exist / was deleted). No record when nothing changed.
/// Also trims records older than the retention.
[[nodiscard]] Result<void> record(Tx& tx, const Scope& scope, const Json& table,
                                  const std::optional<Json>& before, const std::optional<Json>& after,
                                  std::chrono::system_clock::time_point now, Origin origin = Origin::Caller);

/// A page of records read from a stream.
struct Batch {
    std::vector<Json> records; ///< the API's Record shape
    std::uint64_t next = 0;    ///< the sequence counter to read from next
    bool closed = false;       ///< the shard is closed and every record was read
};

/// Sequence counter <-> sequence number ("1" + 20 digits). nullopt for anything else.
[[nodiscard]] std::string sequence_number(std::uint64_t counter);
[[nodiscard]] std::optional<std::uint64_t> sequence_counter(const std::string& sequence_number);

/// The stream's document, or nullopt when it does not exist or has expired.
[[nodiscard]] Result<std::optional<Json>> find(Tx& tx, const Scope& scope, const StreamRef& ref,
                                               std::chrono::system_clock::time_point now);

/// The first counter still retained (the trim horizon) and the last one written (0: none yet).
struct Range {
    std::uint64_t first = 1;
    std::uint64_t last = 0;
};
[[nodiscard]] Result<Range> range(Tx& tx, const Scope& scope, const Json& stream,
                                  std::chrono::system_clock::time_point now);

/// In-process reader: up to `limit` records from counter `from` (inclusive; sequence_counter of a record's
/// SequenceNumber + 1 to read after it; 0 = the trim horizon), at most 1 MB. Records older than the retention
/// are skipped as trimmed. For a Lambda poller: keep `Batch::next` and call again.
[[nodiscard]] Result<Batch> read(Tx& tx, const Scope& scope, const StreamRef& ref, std::uint64_t from,
                                 std::size_t limit, std::chrono::system_clock::time_point now);

/// Deletes the records older than the retention and the expired disabled streams of every account (the
/// sweeper calls it).
[[nodiscard]] Result<void> trim_all(Tx& tx, std::chrono::system_clock::time_point now);

} // namespace streams

/// The DynamoDB Streams API (`DynamoDBStreams_20120810.<Operation>`, model `dynamodbstreams`): ListStreams,
/// DescribeStream, GetShardIterator, GetRecords, each authorized as `dynamodb:<Operation>` on the stream ARN
/// (ListStreams on `*`).
class DynamoStreamsApi {
public:
    explicit DynamoStreamsApi(CloudContext& cloud) : cloud_(cloud) {}

    [[nodiscard]] Result<Json> list_streams(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> describe_stream(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> get_shard_iterator(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> get_records(Tx& tx, RequestContext& ctx, const Json& in);

private:
    Result<Json> stream(Tx& tx, RequestContext& ctx, const std::string& arn, const char* action,
                        streams::StreamRef& ref);
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::dynamodb
