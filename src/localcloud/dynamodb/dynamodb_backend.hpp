#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"
#include "localcloud/state/store.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace cdk::localcloud::dynamodb {

/// DynamoDB tables and items in the store, per account and region (docs/localcloud-dynamodb.md). Inputs and
/// outputs are the API's shapes (member names of the model); every call is authorized as
/// `dynamodb:<Operation>` on the table's ARN with the caller's identity policies.
class DynamoBackend {
public:
    explicit DynamoBackend(CloudContext& cloud) : cloud_(cloud) {}

    [[nodiscard]] Result<Json> create_table(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> describe_table(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> delete_table(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> list_tables(Tx& tx, RequestContext& ctx, const Json& in);
    /// The mutable settings of a table (billing, throughput, stream) for CloudFormation updates.
    [[nodiscard]] Result<Json> update_settings(Tx& tx, RequestContext& ctx, const std::string& name,
                                               const Json& in);

    [[nodiscard]] Result<Json> put_item(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> get_item(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> delete_item(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> update_item(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> query(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> scan(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> batch_write(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> batch_get(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> update_table(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> update_time_to_live(Tx& tx, RequestContext& ctx, const Json& in);
    [[nodiscard]] Result<Json> describe_time_to_live(Tx& tx, RequestContext& ctx, const Json& in);
    /// TTL as CloudFormation's TimeToLiveSpecification says (null or Enabled false: off), converging from any
    /// state (no error when it is already so).
    [[nodiscard]] Result<void> set_time_to_live(Tx& tx, RequestContext& ctx, const std::string& name,
                                                const Json& spec);
    /// TransactWriteItems: all or nothing; a failed condition is TransactionCanceledException, with the
    /// reasons (the API's CancellationReasons, one per item in order) in `cancellation`.
    [[nodiscard]] Result<Json> transact_write(Tx& tx, RequestContext& ctx, const Json& in,
                                              Json& cancellation);
    [[nodiscard]] Result<Json> transact_get(Tx& tx, RequestContext& ctx, const Json& in);

    /// The TTL sweeper's work (docs/localcloud-dynamodb.md, "Time to live"): the items of every account whose
    /// TTL attribute is more than `delay` in the past (and less than five years, as on AWS), as
    /// (scope, table, store key) — read first, then deleted by `expire` in a write, which checks again.
    struct Expired {
        Scope scope;
        std::string table;
        std::string key;
    };
    [[nodiscard]] static Result<std::vector<Expired>>
    find_expired(Tx& tx, std::chrono::system_clock::time_point now, std::chrono::seconds delay);
    /// Deletes the expired items (REMOVE stream records from the DynamoDB service); returns how many.
    [[nodiscard]] static Result<std::size_t> expire(Tx& tx, const std::vector<Expired>& items,
                                                    std::chrono::system_clock::time_point now,
                                                    std::chrono::seconds delay);

    [[nodiscard]] static std::string table_arn(const std::string& region, const std::string& account,
                                               const std::string& name);

private:
    /// Turns the table's stream on (a new stream, with a new label) or off, as `spec` (a StreamSpecification)
    /// says; `strict` refuses enabling an enabled stream or disabling a disabled one (UpdateTable).
    Result<void> apply_stream(Tx& tx, RequestContext& ctx, Json& table, const Json& spec, bool strict);
    /// Stores the table `t` with TTL on or off on `attribute`, and the sweeper's index entry.
    Result<void> store_ttl(Tx& tx, RequestContext& ctx, Json& t, bool enable, const std::string& attribute);
    /// UpdateItem authorized as `action`.
    Result<Json> update_item_as(Tx& tx, RequestContext& ctx, const Json& in, const char* action);
    Result<void> authorize(Tx& tx, RequestContext& ctx, const std::string& action, const std::string& table);
    Result<Json> table(Tx& tx, RequestContext& ctx, const std::string& name);
    Result<Json> find_items(Tx& tx, RequestContext& ctx, const Json& in, bool is_query);
    /// The table an item call names (authorized as `action`) and the store key of its item: `attributes` is
    /// the call's Key, or with `whole_item` its Item (checked as one).
    struct ItemTarget {
        std::string table_name;
        Json table;
        std::string key;
    };
    Result<ItemTarget> item_target(Tx& tx, RequestContext& ctx, const Json& in, const std::string& action,
                                   const Json& attributes, bool whole_item);
    /// PutItem, DeleteItem and GetItem authorized as `action` (BatchWriteItem, BatchGetItem run them).
    Result<Json> put_item_as(Tx& tx, RequestContext& ctx, const Json& in, const char* action);
    Result<Json> delete_item_as(Tx& tx, RequestContext& ctx, const Json& in, const char* action);
    Result<Json> get_item_as(Tx& tx, RequestContext& ctx, const Json& in, const char* action);

    CloudContext& cloud_;
};

} // namespace cdk::localcloud::dynamodb
