#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"
#include "localcloud/state/store.hpp"

#include <string>

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

    [[nodiscard]] static std::string table_arn(const std::string& region, const std::string& account,
                                               const std::string& name);

private:
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
