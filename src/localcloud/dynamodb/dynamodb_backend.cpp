#include "localcloud/dynamodb/dynamodb_backend.hpp"

#include "core/hash.hpp"
#include "core/strings.hpp"
#include "localcloud/dynamodb/dynamodb_errors.hpp"
#include "localcloud/dynamodb/dynamodb_expressions.hpp"
#include "localcloud/dynamodb/dynamodb_streams.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <regex>

namespace cdk::localcloud::dynamodb {

namespace {

constexpr const char* kTables = "dynamodb:table";
constexpr const char* kItems = "dynamodb:item";
/// Every table with TTL enabled, `<account>\n<region>\n<table>` in the global scope, for the sweeper.
constexpr const char* kTtlIndex = "dynamodb:ttl-index";
/// ClientRequestTokens of TransactWriteItems, kept 10 minutes.
constexpr const char* kTokens = "dynamodb:transact-token";
const Scope kGlobalScope{"", ""};
constexpr std::size_t kMaxItemBytes = 400 * 1024;
constexpr std::size_t kMaxPageBytes = 1024 * 1024;

Scope scope_of(const RequestContext& ctx) {
    return Scope{ctx.caller.account(), ctx.region};
}

std::string table_name_of(const Json& in) {
    return in.value("TableName", "");
}

/// The key schema's attribute name of `type` (HASH or RANGE), or empty.
std::string key_name(const Json& key_schema, const char* type) {
    for (const auto& k : key_schema)
        if (k.value("KeyType", "") == type) return k.value("AttributeName", "");
    return "";
}

std::string attribute_type(const Json& table, const std::string& name) {
    for (const auto& d : table["AttributeDefinitions"])
        if (d.value("AttributeName", "") == name) return d.value("AttributeType", "");
    return "";
}

/// A key value's canonical JSON: numbers normalized, so that `1`, `1.0` and `1E0` name the same item.
std::string key_text(const Json& value) {
    if (type_of(value) == "N") return Json{{"N", normalize_number(value["N"].get<std::string>())}}.dump();
    return value.dump();
}

/// The item's store name: table, then the key attributes' canonical JSON.
std::string item_name(const std::string& table, const Json& table_doc, const Json& item) {
    std::string name = table + "\n" + key_text(item[key_name(table_doc["KeySchema"], "HASH")]);
    const std::string range = key_name(table_doc["KeySchema"], "RANGE");
    if (!range.empty()) name += "\n" + key_text(item[range]);
    return name;
}

/// Checks that `key` is exactly the table's key with the defined types.
Result<void> check_key(const Json& table, const Json& key) {
    const Error mismatch = validation("The provided key element does not match the schema");
    const std::string hash = key_name(table["KeySchema"], "HASH");
    const std::string range = key_name(table["KeySchema"], "RANGE");
    if (!key.is_object() || key.size() != (range.empty() ? 1u : 2u)) return mismatch;
    for (const std::string& name : {hash, range}) {
        if (name.empty()) continue;
        if (!key.contains(name) || type_of(key[name]) != attribute_type(table, name)) return mismatch;
    }
    return ok();
}

/// Checks an item's key attributes (present, typed as defined, not empty) and index keys' types.
Result<void> check_item(const Json& table, const Json& item) {
    for (const auto& k : table["KeySchema"]) {
        const std::string name = k["AttributeName"].get<std::string>();
        if (!item.contains(name)) {
            return validation("One or more parameter values were invalid: Missing the key " + name +
                              " in the item");
        }
        const std::string want = attribute_type(table, name);
        if (type_of(item[name]) != want) {
            return validation("One or more parameter values were invalid: Type mismatch for key " + name +
                              " expected: " + want + " actual: " + type_of(item[name]));
        }
        if ((want == "S" || want == "B") && item[name][want].get<std::string>().empty()) {
            return validation(
                "One or more parameter values are not valid. The AttributeValue for a key attribute "
                "cannot contain an empty string value. Key: " +
                name);
        }
    }
    for (const char* indexes : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
        for (const auto& index : table.value(indexes, Json::array())) {
            for (const auto& k : index["KeySchema"]) {
                const std::string name = k["AttributeName"].get<std::string>();
                if (item.contains(name) && type_of(item[name]) != attribute_type(table, name)) {
                    return validation(
                        "One or more parameter values were invalid: Type mismatch for Index Key " + name +
                        " Expected: " + attribute_type(table, name) + " Actual: " + type_of(item[name]) +
                        " IndexName: " + index.value("IndexName", ""));
                }
            }
        }
    }
    if (item.dump().size() > kMaxItemBytes)
        return validation("Item size has exceeded the maximum allowed size");
    return ok();
}

ExpressionContext expression_context(const Json& in) {
    return ExpressionContext{in.value("ExpressionAttributeNames", Json::object()),
                             in.value("ExpressionAttributeValues", Json::object())};
}

/// The item's key attributes.
Json key_of(const Json& table, const Json& item) {
    Json key = Json::object();
    for (const auto& k : table["KeySchema"])
        key[k["AttributeName"].get<std::string>()] = item[k["AttributeName"].get<std::string>()];
    return key;
}

Result<void> check_condition(const Json& in, const Json& current) {
    if (!in.contains("ConditionExpression")) return ok();
    auto cond = parse_condition(in["ConditionExpression"].get<std::string>(), expression_context(in));
    if (!cond) return cond.error();
    auto holds = evaluate_condition(**cond, current);
    if (!holds) return holds.error();
    if (!*holds) return conditional_check_failed();
    return ok();
}

Result<Json> projected(const Json& in, const Json& item) {
    if (!in.contains("ProjectionExpression")) return item;
    auto paths = parse_projection(in["ProjectionExpression"].get<std::string>(), expression_context(in));
    if (!paths) return paths.error();
    return project(item, *paths);
}

Json table_description(const Json& stored) {
    Json out = stored;
    out.erase("ItemCountCache");
    return out;
}

} // namespace

std::string DynamoBackend::table_arn(const std::string& region, const std::string& account,
                                     const std::string& name) {
    return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
}

Result<void> DynamoBackend::authorize(Tx& tx, RequestContext& ctx, const std::string& action,
                                      const std::string& table) {
    return cloud_.iam.authorize(tx, ctx.caller, "dynamodb:" + action,
                                table_arn(ctx.region, ctx.caller.account(), table), ctx.caller.account(),
                                std::nullopt, iam::ResourcePolicyMode::None, ctx.condition_context,
                                "AccessDeniedException");
}

Result<Json> DynamoBackend::table(Tx& tx, RequestContext& ctx, const std::string& name) {
    auto t = tx.get(scope_of(ctx), kTables, name);
    if (!t) return t.error();
    if (!t->has_value()) return not_found("Requested resource not found");
    return **t;
}

Result<Json> DynamoBackend::create_table(Tx& tx, RequestContext& ctx, const Json& in) {
    const std::string name = table_name_of(in);
    static const std::regex kName(R"(^[a-zA-Z0-9_.\-]{3,255}$)");
    if (!std::regex_match(name, kName)) {
        return validation("TableName must be at least 3 characters long and at most 255 characters long, and "
                          "contain only a-z, A-Z, 0-9, '_', '-', and '.'");
    }
    if (auto a = authorize(tx, ctx, "CreateTable", name); !a) return a.error();
    auto existing = tx.get(scope_of(ctx), kTables, name);
    if (!existing) return existing.error();
    if (existing->has_value()) return in_use("Table already exists: " + name);
    // The model makes only TableName required; DynamoDB still needs the key schema and its definitions.
    if (!in.contains("KeySchema") || !in.contains("AttributeDefinitions")) {
        return validation("One or more parameter values were invalid: KeySchema and AttributeDefinitions are "
                          "required");
    }
    const Json& schema = in["KeySchema"];
    const std::string hash = key_name(schema, "HASH");
    if (hash.empty() || schema.size() > 2 || (schema.size() == 2 && key_name(schema, "RANGE").empty())) {
        return validation(
            "1 validation error detected: Invalid KeySchema: Some index key schema element is not "
            "valid");
    }
    std::vector<std::string> used;
    auto use_keys = [&](const Json& ks) {
        for (const auto& k : ks)
            used.push_back(k["AttributeName"].get<std::string>());
    };
    use_keys(schema);
    for (const char* indexes : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"})
        for (const auto& i : in.value(indexes, Json::array()))
            use_keys(i["KeySchema"]);
    for (const auto& n : used) {
        if (attribute_type(in, n).empty()) {
            return validation(
                "One or more parameter values were invalid: Some index key attributes are not defined "
                "in AttributeDefinitions. Keys: [" +
                n + "], AttributeDefinitions: []");
        }
    }
    for (const auto& d : in["AttributeDefinitions"]) {
        if (std::find(used.begin(), used.end(), d["AttributeName"].get<std::string>()) == used.end()) {
            return validation(
                "One or more parameter values were invalid: Number of attributes in KeySchema does "
                "not exactly match number of attributes defined in AttributeDefinitions");
        }
    }
    const std::string billing = in.value("BillingMode", "PROVISIONED");
    if (billing == "PROVISIONED" && !in.contains("ProvisionedThroughput")) {
        return validation(
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
            "must both be specified when BillingMode is PROVISIONED");
    }
    const std::string arn = table_arn(ctx.region, ctx.caller.account(), name);
    const std::string created = iso8601(ctx.now);
    Json t{{"TableName", name},
           {"TableArn", arn},
           {"TableId", random_uuid()},
           {"TableStatus", "ACTIVE"},
           {"KeySchema", schema},
           {"AttributeDefinitions", in["AttributeDefinitions"]},
           {"CreationDateTime", created},
           {"ItemCount", 0},
           {"TableSizeBytes", 0},
           {"BillingModeSummary", {{"BillingMode", billing}, {"LastUpdateToPayPerRequestDateTime", created}}},
           {"DeletionProtectionEnabled", in.value("DeletionProtectionEnabled", false)}};
    Json throughput{{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}};
    if (billing == "PROVISIONED") {
        throughput["ReadCapacityUnits"] = in["ProvisionedThroughput"].value("ReadCapacityUnits", 0);
        throughput["WriteCapacityUnits"] = in["ProvisionedThroughput"].value("WriteCapacityUnits", 0);
        t["BillingModeSummary"].erase("LastUpdateToPayPerRequestDateTime");
    }
    t["ProvisionedThroughput"] = throughput;
    for (const char* indexes : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
        if (!in.contains(indexes)) continue;
        Json out = Json::array();
        for (Json i : in[indexes]) {
            i["IndexArn"] = arn + "/index/" + i.value("IndexName", "");
            i["IndexSizeBytes"] = 0;
            i["ItemCount"] = 0;
            if (std::string(indexes) == "GlobalSecondaryIndexes") {
                i["IndexStatus"] = "ACTIVE";
                Json gt{{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}};
                if (i.contains("ProvisionedThroughput")) {
                    gt["ReadCapacityUnits"] = i["ProvisionedThroughput"].value("ReadCapacityUnits", 0);
                    gt["WriteCapacityUnits"] = i["ProvisionedThroughput"].value("WriteCapacityUnits", 0);
                }
                i["ProvisionedThroughput"] = gt;
            }
            out.push_back(i);
        }
        t[indexes] = out;
    }
    if (in.contains("StreamSpecification") && in["StreamSpecification"].value("StreamEnabled", false)) {
        if (!in["StreamSpecification"].contains("StreamViewType")) {
            return validation("One or more parameter values were invalid: StreamViewType is required when "
                              "StreamEnabled is true");
        }
        if (auto s = apply_stream(tx, ctx, t, in["StreamSpecification"], false); !s) return s.error();
    }
    if (in.contains("SSESpecification") && in["SSESpecification"].value("Enabled", false)) {
        t["SSEDescription"] = {{"Status", "ENABLED"}, {"SSEType", "KMS"}};
        if (in["SSESpecification"].contains("KMSMasterKeyId"))
            t["SSEDescription"]["KMSMasterKeyArn"] = in["SSESpecification"]["KMSMasterKeyId"];
    }
    if (in.contains("TableClass")) t["TableClassSummary"] = {{"TableClass", in["TableClass"]}};
    if (auto r = tx.put(scope_of(ctx), kTables, name, t); !r) return r.error();
    return Json{{"TableDescription", table_description(t)}};
}

Result<Json> DynamoBackend::update_settings(Tx& tx, RequestContext& ctx, const std::string& name,
                                            const Json& in) {
    if (auto a = authorize(tx, ctx, "UpdateTable", name); !a) return a.error();
    auto t = table(tx, ctx, name);
    if (!t) return t;
    const std::string billing = in.value("BillingMode", "PROVISIONED");
    (*t)["BillingModeSummary"]["BillingMode"] = billing;
    if (billing == "PROVISIONED" && in.contains("ProvisionedThroughput")) {
        (*t)["ProvisionedThroughput"]["ReadCapacityUnits"] =
            in["ProvisionedThroughput"].value("ReadCapacityUnits", 0);
        (*t)["ProvisionedThroughput"]["WriteCapacityUnits"] =
            in["ProvisionedThroughput"].value("WriteCapacityUnits", 0);
    }
    if (auto s =
            apply_stream(tx, ctx, *t, in.value("StreamSpecification", Json{{"StreamEnabled", false}}), false);
        !s) {
        return s.error();
    }
    (*t)["DeletionProtectionEnabled"] = in.value("DeletionProtectionEnabled", false);
    if (auto r = tx.put(scope_of(ctx), kTables, name, *t); !r) return r.error();
    return Json{{"TableDescription", table_description(*t)}};
}

Result<Json> DynamoBackend::describe_table(Tx& tx, RequestContext& ctx, const Json& in) {
    const std::string name = table_name_of(in);
    if (auto a = authorize(tx, ctx, "DescribeTable", name); !a) return a.error();
    auto t = table(tx, ctx, name);
    if (!t) return not_found("Requested resource not found: Table: " + name + " not found");
    auto items = tx.list(scope_of(ctx), kItems, name + "\n");
    if (!items) return items.error();
    (*t)["ItemCount"] = items->size();
    std::size_t bytes = 0;
    for (const auto& [k, v] : *items)
        bytes += v.dump().size();
    (*t)["TableSizeBytes"] = bytes;
    return Json{{"Table", table_description(*t)}};
}

Result<Json> DynamoBackend::delete_table(Tx& tx, RequestContext& ctx, const Json& in) {
    const std::string name = table_name_of(in);
    if (auto a = authorize(tx, ctx, "DeleteTable", name); !a) return a.error();
    auto t = table(tx, ctx, name);
    if (!t) return not_found("Requested resource not found: Table: " + name + " not found");
    if (t->value("DeletionProtectionEnabled", false)) {
        return validation("Resource cannot be deleted as it is currently protected against deletion. Disable "
                          "deletion protection first.");
    }
    if (auto r = tx.erase_prefix(scope_of(ctx), kItems, name + "\n"); !r) return r.error();
    if (auto r = tx.erase(scope_of(ctx), kTables, name); !r) return r.error();
    // The stream stays readable for its retention, DISABLED; the table's TTL goes with it.
    if (t->contains("LatestStreamLabel")) {
        if (auto r = streams::disable(tx, scope_of(ctx), name, (*t)["LatestStreamLabel"].get<std::string>(),
                                      ctx.now);
            !r) {
            return r.error();
        }
    }
    if (auto r = tx.erase(kGlobalScope, kTtlIndex, ctx.caller.account() + "\n" + ctx.region + "\n" + name);
        !r)
        return r.error();
    (*t)["TableStatus"] = "DELETING";
    return Json{{"TableDescription", table_description(*t)}};
}

Result<Json> DynamoBackend::list_tables(Tx& tx, RequestContext& ctx, const Json& in) {
    if (auto a = cloud_.iam.authorize(tx, ctx.caller, "dynamodb:ListTables", "*", ctx.caller.account(),
                                      std::nullopt, iam::ResourcePolicyMode::None, ctx.condition_context,
                                      "AccessDeniedException");
        !a) {
        return a.error();
    }
    auto all = tx.list(scope_of(ctx), kTables, "", in.value("ExclusiveStartTableName", ""));
    if (!all) return all.error();
    const std::size_t limit = in.value("Limit", 100);
    Json names = Json::array();
    for (const auto& [name, doc] : *all) {
        if (names.size() >= limit) break;
        names.push_back(name);
    }
    Json out{{"TableNames", names}};
    if (names.size() == limit && all->size() > limit) out["LastEvaluatedTableName"] = names.back();
    return out;
}

Result<DynamoBackend::ItemTarget> DynamoBackend::item_target(Tx& tx, RequestContext& ctx, const Json& in,
                                                             const std::string& action,
                                                             const Json& attributes, bool whole_item) {
    ItemTarget out{.table_name = table_name_of(in)};
    if (auto a = authorize(tx, ctx, action, out.table_name); !a) return a.error();
    auto t = table(tx, ctx, out.table_name);
    if (!t) return t.error();
    if (auto c = whole_item ? check_item(*t, attributes) : check_key(*t, attributes); !c) return c.error();
    out.key = item_name(out.table_name, *t, attributes);
    out.table = std::move(*t);
    return out;
}

Result<Json> DynamoBackend::put_item(Tx& tx, RequestContext& ctx, const Json& in) {
    return put_item_as(tx, ctx, in, "PutItem");
}

Result<Json> DynamoBackend::put_item_as(Tx& tx, RequestContext& ctx, const Json& in, const char* action) {
    const Json& item = in["Item"];
    auto target = item_target(tx, ctx, in, action, item, true);
    if (!target) return target.error();
    const std::string rv = in.value("ReturnValues", "NONE");
    if (rv != "NONE" && rv != "ALL_OLD") {
        return validation("Return values set to invalid value");
    }
    const std::string& key = target->key;
    auto old = tx.get(scope_of(ctx), kItems, key);
    if (!old) return old.error();
    const Json current = old->value_or(Json::object());
    if (auto c = check_condition(in, current); !c) return c.error();
    if (auto r = tx.put(scope_of(ctx), kItems, key, item); !r) return r.error();
    if (auto r = streams::record(tx, scope_of(ctx), target->table, *old, item, ctx.now); !r) return r.error();
    Json out = Json::object();
    if (rv == "ALL_OLD" && old->has_value()) out["Attributes"] = **old;
    return out;
}

Result<Json> DynamoBackend::get_item(Tx& tx, RequestContext& ctx, const Json& in) {
    return get_item_as(tx, ctx, in, "GetItem");
}

Result<Json> DynamoBackend::get_item_as(Tx& tx, RequestContext& ctx, const Json& in, const char* action) {
    auto target = item_target(tx, ctx, in, action, in["Key"], false);
    if (!target) return target.error();
    auto item = tx.get(scope_of(ctx), kItems, target->key);
    if (!item) return item.error();
    Json out = Json::object();
    if (item->has_value()) {
        auto p = projected(in, **item);
        if (!p) return p;
        out["Item"] = *p;
    }
    return out;
}

Result<Json> DynamoBackend::delete_item(Tx& tx, RequestContext& ctx, const Json& in) {
    return delete_item_as(tx, ctx, in, "DeleteItem");
}

Result<Json> DynamoBackend::delete_item_as(Tx& tx, RequestContext& ctx, const Json& in, const char* action) {
    auto target = item_target(tx, ctx, in, action, in["Key"], false);
    if (!target) return target.error();
    const std::string rv = in.value("ReturnValues", "NONE");
    if (rv != "NONE" && rv != "ALL_OLD") return validation("Return values set to invalid value");
    const std::string& key = target->key;
    auto old = tx.get(scope_of(ctx), kItems, key);
    if (!old) return old.error();
    if (auto c = check_condition(in, old->value_or(Json::object())); !c) return c.error();
    if (old->has_value()) {
        if (auto r = tx.erase(scope_of(ctx), kItems, key); !r) return r.error();
        if (auto r = streams::record(tx, scope_of(ctx), target->table, *old, std::nullopt, ctx.now); !r)
            return r.error();
    }
    Json out = Json::object();
    if (rv == "ALL_OLD" && old->has_value()) out["Attributes"] = **old;
    return out;
}

Result<Json> DynamoBackend::update_item(Tx& tx, RequestContext& ctx, const Json& in) {
    return update_item_as(tx, ctx, in, "UpdateItem");
}

Result<Json> DynamoBackend::update_item_as(Tx& tx, RequestContext& ctx, const Json& in, const char* action) {
    auto target = item_target(tx, ctx, in, action, in["Key"], false);
    if (!target) return target.error();
    Json* t = &target->table;
    const std::string rv = in.value("ReturnValues", "NONE");
    static const std::vector<std::string> kReturn = {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
                                                     "UPDATED_NEW"};
    if (std::find(kReturn.begin(), kReturn.end(), rv) == kReturn.end())
        return validation("Return values set to invalid value");
    const std::string& key = target->key;
    auto old = tx.get(scope_of(ctx), kItems, key);
    if (!old) return old.error();
    const Json before = old->value_or(Json::object());
    Json item = old->has_value() ? **old : in["Key"];
    std::vector<std::string> touched;
    if (in.contains("UpdateExpression")) {
        auto actions = parse_update(in["UpdateExpression"].get<std::string>(), expression_context(in));
        if (!actions) return actions.error();
        for (const auto& update : *actions) {
            for (const auto& k : (*t)["KeySchema"]) {
                if (top_name(update.path) == k["AttributeName"].get<std::string>()) {
                    return validation("One or more parameter values were invalid: Cannot update attribute " +
                                      top_name(update.path) + ". This attribute is part of the key");
                }
            }
        }
        if (auto c = check_condition(in, before); !c) return c.error();
        if (auto r = apply_update(*actions, item, touched); !r) return r.error();
    } else if (auto c = check_condition(in, before); !c) {
        return c.error();
    }
    if (auto c = check_item(*t, item); !c) return c.error();
    if (auto r = tx.put(scope_of(ctx), kItems, key, item); !r) return r.error();
    if (auto r = streams::record(tx, scope_of(ctx), *t, *old, item, ctx.now); !r) return r.error();
    Json out = Json::object();
    auto pick = [&](const Json& from) {
        Json a = Json::object();
        for (const auto& n : touched)
            if (from.contains(n)) a[n] = from[n];
        return a;
    };
    Json attrs;
    if (rv == "ALL_OLD" && old->has_value()) attrs = before;
    if (rv == "ALL_NEW") attrs = item;
    if (rv == "UPDATED_OLD") attrs = pick(before);
    if (rv == "UPDATED_NEW") attrs = pick(item);
    if (attrs.is_object() && !attrs.empty()) out["Attributes"] = attrs;
    return out;
}

Result<Json> DynamoBackend::find_items(Tx& tx, RequestContext& ctx, const Json& in, bool is_query) {
    const std::string name = table_name_of(in);
    if (auto a = authorize(tx, ctx, is_query ? "Query" : "Scan", name); !a) return a.error();
    auto t = table(tx, ctx, name);
    if (!t) return t;
    const ExpressionContext ectx = expression_context(in);
    // The key schema searched: the table's or the index's.
    Json schema = (*t)["KeySchema"];
    const std::string index = in.value("IndexName", "");
    if (!index.empty()) {
        bool found = false;
        for (const char* indexes : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
            for (const auto& i : t->value(indexes, Json::array())) {
                if (i.value("IndexName", "") == index) {
                    schema = i["KeySchema"];
                    found = true;
                }
            }
        }
        if (!found) {
            return validation("The table does not have the specified index: " + index);
        }
    }
    const std::string hash = key_name(schema, "HASH");
    const std::string range = key_name(schema, "RANGE");
    NodePtr key_condition;
    if (is_query) {
        if (!in.contains("KeyConditionExpression")) {
            return validation("Either the KeyConditions or KeyConditionExpression parameter must be "
                              "specified in the request.");
        }
        auto c = parse_condition(in["KeyConditionExpression"].get<std::string>(), ectx);
        if (!c) return c.error();
        // The partition key must be matched by equality, alone or AND-ed with one sort-key condition.
        const Node& root = **c;
        const Node* pk = &root;
        const Node* sk = nullptr;
        if (root.kind == Node::Kind::And) {
            pk = root.args[0].get();
            sk = root.args[1].get();
            auto names_pk = [&](const Node* n) {
                return n->kind == Node::Kind::Compare && n->op == "=" &&
                       n->args[0]->kind == Node::Kind::Attribute && top_name(n->args[0]->path) == hash;
            };
            if (!names_pk(pk) && names_pk(sk)) std::swap(pk, sk);
        }
        if (pk->kind != Node::Kind::Compare || pk->op != "=" || pk->args[0]->kind != Node::Kind::Attribute ||
            top_name(pk->args[0]->path) != hash || pk->args[1]->kind != Node::Kind::Value) {
            return validation("Query condition missed key schema element: " + hash);
        }
        if (sk != nullptr) {
            const Node& operand = *sk->args[0];
            const bool allowed = sk->kind == Node::Kind::Between ||
                                 (sk->kind == Node::Kind::Compare && sk->op != "<>") ||
                                 (sk->kind == Node::Kind::Function && sk->op == "begins_with");
            if (!allowed) return validation("Invalid operator used in KeyConditionExpression: " + sk->op);
            if (operand.kind != Node::Kind::Attribute || top_name(operand.path) != range || range.empty()) {
                return validation("Query condition missed key schema element: " +
                                  (range.empty() ? top_name(operand.path) : range));
            }
        }
        key_condition = *c;
    }
    NodePtr filter;
    if (in.contains("FilterExpression")) {
        auto f = parse_condition(in["FilterExpression"].get<std::string>(), ectx);
        if (!f) return f.error();
        filter = *f;
    }
    auto all = tx.list(scope_of(ctx), kItems, name + "\n");
    if (!all) return all.error();
    std::vector<Json> matched;
    for (auto& [k, item] : *all) {
        if (!index.empty() && (!item.contains(hash) || (!range.empty() && !item.contains(range)))) continue;
        if (key_condition) {
            auto m = evaluate_condition(*key_condition, item);
            if (!m) return m.error();
            if (!*m) continue;
        }
        matched.push_back(std::move(item));
    }
    const Json& table_schema = (*t)["KeySchema"];
    const std::string table_hash = key_name(table_schema, "HASH");
    const std::string table_range = key_name(table_schema, "RANGE");
    auto order = [&](const Json& a, const Json& b) {
        for (const std::string& n : {hash, range, table_hash, table_range}) {
            if (n.empty()) continue;
            if (!a.contains(n) || !b.contains(n)) {
                if (a.contains(n) != b.contains(n)) return !a.contains(n);
                continue;
            }
            const int c = compare_values(a[n], b[n]);
            if (c != 0) return c < 0;
        }
        return false;
    };
    if (is_query) {
        std::stable_sort(matched.begin(), matched.end(), order);
        if (!in.value("ScanIndexForward", true)) std::reverse(matched.begin(), matched.end());
    }
    auto key_attributes = [&](const Json& item) {
        Json key = key_of(*t, item);
        if (!index.empty()) {
            for (const std::string& n : {hash, range})
                if (!n.empty()) key[n] = item[n];
        }
        return key;
    };
    std::size_t start = 0;
    if (in.contains("ExclusiveStartKey")) {
        const Json& esk = in["ExclusiveStartKey"];
        std::size_t i = 0;
        for (; i < matched.size(); ++i) {
            if (key_attributes(matched[i]) == esk) break;
        }
        if (i < matched.size()) {
            start = i + 1;
        } else {
            // A start key no longer stored: the first item ordered after it.
            start = matched.size();
            for (std::size_t j = 0; j < matched.size(); ++j) {
                const bool after = is_query && !in.value("ScanIndexForward", true) ? order(matched[j], esk)
                                                                                   : order(esk, matched[j]);
                if (after) {
                    start = j;
                    break;
                }
            }
        }
    }
    const std::size_t limit = in.contains("Limit") ? in["Limit"].get<std::size_t>() : matched.size();
    if (in.contains("Limit") && limit == 0)
        return validation("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                          "Member must have value greater than or equal to 1");
    Json items = Json::array();
    std::size_t scanned = 0;
    std::size_t bytes = 0;
    std::size_t i = start;
    for (; i < matched.size() && scanned < limit && bytes < kMaxPageBytes; ++i) {
        ++scanned;
        bytes += matched[i].dump().size();
        if (filter) {
            auto keep = evaluate_condition(*filter, matched[i]);
            if (!keep) return keep.error();
            if (!*keep) continue;
        }
        auto p = projected(in, matched[i]);
        if (!p) return p;
        items.push_back(*p);
    }
    const std::string select = in.value("Select", "ALL_ATTRIBUTES");
    Json out{{"Count", items.size()}, {"ScannedCount", scanned}};
    if (select != "COUNT") out["Items"] = items;
    // Stopped before the end, or at the limit (DynamoDB does not look ahead): the last key evaluated.
    if (scanned > 0 && (i < matched.size() || (in.contains("Limit") && scanned == limit))) {
        out["LastEvaluatedKey"] = key_attributes(matched[i - 1]);
    }
    return out;
}

Result<Json> DynamoBackend::query(Tx& tx, RequestContext& ctx, const Json& in) {
    return find_items(tx, ctx, in, true);
}

Result<Json> DynamoBackend::scan(Tx& tx, RequestContext& ctx, const Json& in) {
    return find_items(tx, ctx, in, false);
}

Result<Json> DynamoBackend::batch_write(Tx& tx, RequestContext& ctx, const Json& in) {
    std::size_t count = 0;
    for (const auto& [table_name, requests] : in["RequestItems"].items())
        count += requests.size();
    if (count > 25) {
        return validation(
            "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map "
            "value must satisfy constraint: [Member must have length less than or equal to 25, Member "
            "must have length greater than or equal to 1]");
    }
    for (const auto& [table_name, requests] : in["RequestItems"].items()) {
        for (const auto& r : requests) {
            Json call{{"TableName", table_name}};
            if (r.contains("PutRequest")) {
                call["Item"] = r["PutRequest"]["Item"];
                if (auto p = put_item_as(tx, ctx, call, "BatchWriteItem"); !p) return p.error();
            } else if (r.contains("DeleteRequest")) {
                call["Key"] = r["DeleteRequest"]["Key"];
                if (auto d = delete_item_as(tx, ctx, call, "BatchWriteItem"); !d) return d.error();
            } else {
                return validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
                    "the supported datatypes");
            }
        }
    }
    return Json{{"UnprocessedItems", Json::object()}};
}

Result<Json> DynamoBackend::batch_get(Tx& tx, RequestContext& ctx, const Json& in) {
    std::size_t count = 0;
    for (const auto& [table_name, request] : in["RequestItems"].items())
        count += request["Keys"].size();
    if (count > 100) {
        return validation("Too many items requested for the BatchGetItem call");
    }
    Json responses = Json::object();
    for (const auto& [table_name, request] : in["RequestItems"].items()) {
        if (auto a = authorize(tx, ctx, "BatchGetItem", table_name); !a) return a.error();
        Json items = Json::array();
        for (const auto& key : request["Keys"]) {
            Json call = request;
            call.erase("Keys");
            call["TableName"] = table_name;
            call["Key"] = key;
            auto got = get_item_as(tx, ctx, call, "BatchGetItem");
            if (!got) return got.error();
            if (got->contains("Item")) items.push_back((*got)["Item"]);
        }
        responses[table_name] = items;
    }
    return Json{{"Responses", responses}, {"UnprocessedKeys", Json::object()}};
}

// --- streams on/off, UpdateTable ------------------------------------------------------------------------

Result<void> DynamoBackend::apply_stream(Tx& tx, RequestContext& ctx, Json& table, const Json& spec,
                                         bool strict) {
    const std::string name = table["TableName"].get<std::string>();
    const bool want = spec.value("StreamEnabled", false);
    const bool has =
        table.contains("StreamSpecification") && table["StreamSpecification"].value("StreamEnabled", false);
    const std::string view = spec.value("StreamViewType", "");
    if (want) {
        if (view.empty()) {
            return validation("One or more parameter values were invalid: StreamViewType is required when "
                              "StreamEnabled is true");
        }
        if (has) {
            if (strict) return validation("Table already has an enabled stream: TableName: " + name);
            if (table["StreamSpecification"].value("StreamViewType", "") == view) return ok();
        }
    } else {
        if (!spec.contains("StreamEnabled")) return ok();
        if (!has) {
            if (strict) return validation("Table does not have a stream enabled: TableName: " + name);
            return ok();
        }
    }
    // Off, or another view type: the current stream is closed (readable until it expires).
    if (has && table.contains("LatestStreamLabel")) {
        if (auto r = streams::disable(tx, scope_of(ctx), name, table["LatestStreamLabel"].get<std::string>(),
                                      ctx.now);
            !r) {
            return r.error();
        }
    }
    if (!want) {
        // DescribeTable keeps naming the last stream (LatestStreamArn) after it was disabled, as on AWS.
        table.erase("StreamSpecification");
        return ok();
    }
    auto stream = streams::create(tx, scope_of(ctx), table, view, ctx.now);
    if (!stream) return stream.error();
    table["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", view}};
    table["LatestStreamLabel"] = (*stream)["StreamLabel"];
    table["LatestStreamArn"] = (*stream)["StreamArn"];
    return ok();
}

Result<Json> DynamoBackend::update_table(Tx& tx, RequestContext& ctx, const Json& in) {
    const std::string name = table_name_of(in);
    if (auto a = authorize(tx, ctx, "UpdateTable", name); !a) return a.error();
    auto found = table(tx, ctx, name);
    if (!found) return not_found("Requested resource not found: Table: " + name + " not found");
    Json t = *found;
    const std::string current_billing = t["BillingModeSummary"].value("BillingMode", "PROVISIONED");
    const std::string billing = in.value("BillingMode", current_billing);
    if (billing == "PAY_PER_REQUEST" && in.contains("ProvisionedThroughput")) {
        return validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                          "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    if (billing == "PROVISIONED" && current_billing != "PROVISIONED" &&
        !in.contains("ProvisionedThroughput")) {
        return validation(
            "One or more parameter values were invalid: ProvisionedThroughput must be specified "
            "when BillingMode is PROVISIONED");
    }
    // The definitions of the key attributes of indexes created by this call join the table's.
    Json definitions = t["AttributeDefinitions"];
    for (const auto& d : in.value("AttributeDefinitions", Json::array())) {
        bool known = false;
        for (auto& e : definitions) {
            if (e["AttributeName"] == d["AttributeName"]) {
                if (e["AttributeType"] != d["AttributeType"]) {
                    return validation("One or more parameter values were invalid: Attribute " +
                                      d["AttributeName"].get<std::string>() +
                                      " is defined with a different type than the table's");
                }
                known = true;
            }
        }
        if (!known) definitions.push_back(d);
    }
    const std::string created = iso8601(ctx.now);
    if (billing != current_billing) {
        t["BillingModeSummary"] = {{"BillingMode", billing}};
        if (billing == "PAY_PER_REQUEST") {
            t["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] = created;
            t["ProvisionedThroughput"]["ReadCapacityUnits"] = 0;
            t["ProvisionedThroughput"]["WriteCapacityUnits"] = 0;
        }
    }
    if (in.contains("ProvisionedThroughput")) {
        const Json& p = in["ProvisionedThroughput"];
        auto& current = t["ProvisionedThroughput"];
        if (p.value("ReadCapacityUnits", 0) < current.value("ReadCapacityUnits", 0) ||
            p.value("WriteCapacityUnits", 0) < current.value("WriteCapacityUnits", 0)) {
            current["NumberOfDecreasesToday"] = current.value("NumberOfDecreasesToday", 0) + 1;
            current["LastDecreaseDateTime"] = created;
        } else {
            current["LastIncreaseDateTime"] = created;
        }
        current["ReadCapacityUnits"] = p.value("ReadCapacityUnits", 0);
        current["WriteCapacityUnits"] = p.value("WriteCapacityUnits", 0);
    }
    const auto& updates = in.value("GlobalSecondaryIndexUpdates", Json::array());
    std::size_t creates_or_deletes = 0;
    Json gsis = t.value("GlobalSecondaryIndexes", Json::array());
    auto find_gsi = [&](const std::string& index) {
        for (std::size_t i = 0; i < gsis.size(); ++i)
            if (gsis[i].value("IndexName", "") == index) return static_cast<long>(i);
        return -1L;
    };
    for (const auto& u : updates) {
        if (u.size() != 1) {
            return validation(
                "One or more parameter values were invalid: One of Create, Update or Delete must be "
                "specified in each GlobalSecondaryIndexUpdate");
        }
        if (u.contains("Create")) {
            ++creates_or_deletes;
            Json index = u["Create"];
            const std::string index_name = index.value("IndexName", "");
            if (find_gsi(index_name) >= 0)
                return validation("One or more parameter values were invalid: Index already exists: " +
                                  index_name);
            for (const auto& l : t.value("LocalSecondaryIndexes", Json::array()))
                if (l.value("IndexName", "") == index_name)
                    return validation("One or more parameter values were invalid: Index already exists: " +
                                      index_name);
            const Json& ks = index["KeySchema"];
            if (key_name(ks, "HASH").empty() || ks.size() > 2 ||
                (ks.size() == 2 && key_name(ks, "RANGE").empty())) {
                return validation(
                    "1 validation error detected: Invalid KeySchema: Some index key schema element "
                    "is not valid");
            }
            for (const auto& k : ks) {
                const std::string n = k["AttributeName"].get<std::string>();
                if (attribute_type(Json{{"AttributeDefinitions", definitions}}, n).empty()) {
                    return validation(
                        "One or more parameter values were invalid: Some index key attributes are "
                        "not defined in AttributeDefinitions. Keys: [" +
                        n + "]");
                }
            }
            if (billing == "PROVISIONED" && !index.contains("ProvisionedThroughput")) {
                return validation(
                    "One or more parameter values were invalid: ProvisionedThroughput should be "
                    "specified for index: " +
                    index_name);
            }
            if (billing == "PAY_PER_REQUEST" && index.contains("ProvisionedThroughput")) {
                return validation(
                    "One or more parameter values were invalid: ProvisionedThroughput should not be "
                    "specified for index: " +
                    index_name + " when BillingMode is PAY_PER_REQUEST");
            }
            index["IndexArn"] = t["TableArn"].get<std::string>() + "/index/" + index_name;
            index["IndexSizeBytes"] = 0;
            index["ItemCount"] = 0;
            index["IndexStatus"] = "ACTIVE";
            Json gt{{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}};
            if (index.contains("ProvisionedThroughput")) {
                gt["ReadCapacityUnits"] = index["ProvisionedThroughput"].value("ReadCapacityUnits", 0);
                gt["WriteCapacityUnits"] = index["ProvisionedThroughput"].value("WriteCapacityUnits", 0);
            }
            index["ProvisionedThroughput"] = gt;
            gsis.push_back(index);
        } else if (u.contains("Delete")) {
            ++creates_or_deletes;
            const std::string index_name = u["Delete"].value("IndexName", "");
            const long at = find_gsi(index_name);
            if (at < 0) return not_found("Requested resource not found: Index: " + index_name + " not found");
            gsis.erase(gsis.begin() + at);
        } else if (u.contains("Update")) {
            const std::string index_name = u["Update"].value("IndexName", "");
            const long at = find_gsi(index_name);
            if (at < 0) return not_found("Requested resource not found: Index: " + index_name + " not found");
            if (u["Update"].contains("ProvisionedThroughput")) {
                gsis[static_cast<std::size_t>(at)]["ProvisionedThroughput"]["ReadCapacityUnits"] =
                    u["Update"]["ProvisionedThroughput"].value("ReadCapacityUnits", 0);
                gsis[static_cast<std::size_t>(at)]["ProvisionedThroughput"]["WriteCapacityUnits"] =
                    u["Update"]["ProvisionedThroughput"].value("WriteCapacityUnits", 0);
            }
        } else {
            return validation(
                "One or more parameter values were invalid: One of Create, Update or Delete must be "
                "specified in each GlobalSecondaryIndexUpdate");
        }
    }
    if (creates_or_deletes > 1) {
        return validation("One or more parameter values were invalid: Only one global secondary index can be "
                          "created or deleted in one UpdateTable call");
    }
    if (in.contains("GlobalSecondaryIndexUpdates")) {
        if (gsis.empty())
            t.erase("GlobalSecondaryIndexes");
        else
            t["GlobalSecondaryIndexes"] = gsis;
    }
    // Definitions no index or key uses any more are dropped (DynamoDB keeps only the used ones).
    std::vector<std::string> used;
    for (const auto& k : t["KeySchema"])
        used.push_back(k["AttributeName"].get<std::string>());
    for (const char* indexes : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"})
        for (const auto& i : t.value(indexes, Json::array()))
            for (const auto& k : i["KeySchema"])
                used.push_back(k["AttributeName"].get<std::string>());
    Json kept = Json::array();
    for (const auto& d : definitions)
        if (std::find(used.begin(), used.end(), d["AttributeName"].get<std::string>()) != used.end())
            kept.push_back(d);
    t["AttributeDefinitions"] = kept;
    if (in.contains("StreamSpecification")) {
        if (auto r = apply_stream(tx, ctx, t, in["StreamSpecification"], true); !r) return r.error();
    }
    if (in.contains("DeletionProtectionEnabled"))
        t["DeletionProtectionEnabled"] = in["DeletionProtectionEnabled"];
    if (in.contains("TableClass"))
        t["TableClassSummary"] = {{"TableClass", in["TableClass"]}, {"LastUpdateDateTime", created}};
    if (in.contains("SSESpecification")) {
        if (in["SSESpecification"].value("Enabled", true)) {
            t["SSEDescription"] = {{"Status", "ENABLED"}, {"SSEType", "KMS"}};
            if (in["SSESpecification"].contains("KMSMasterKeyId"))
                t["SSEDescription"]["KMSMasterKeyArn"] = in["SSESpecification"]["KMSMasterKeyId"];
        } else {
            t.erase("SSEDescription");
        }
    }
    if (auto r = tx.put(scope_of(ctx), kTables, name, t); !r) return r.error();
    return Json{{"TableDescription", table_description(t)}};
}

// --- time to live ---------------------------------------------------------------------------------------

Result<Json> DynamoBackend::update_time_to_live(Tx& tx, RequestContext& ctx, const Json& in) {
    const std::string name = table_name_of(in);
    if (auto a = authorize(tx, ctx, "UpdateTimeToLive", name); !a) return a.error();
    auto found = table(tx, ctx, name);
    if (!found) return not_found("Requested resource not found: Table: " + name + " not found");
    Json t = *found;
    const Json& spec = in["TimeToLiveSpecification"];
    const bool enable = spec.value("Enabled", false);
    const std::string attribute = spec.value("AttributeName", "");
    const Json current = t.value("TimeToLive", Json::object());
    const bool enabled = current.value("Enabled", false);
    if (enable && enabled) return validation("TimeToLive is already enabled");
    if (!enable && !enabled) return validation("TimeToLive is already disabled");
    if (!enable && current.value("AttributeName", "") != attribute) {
        return validation("TimeToLive is active on a different AttributeName: current AttributeName is " +
                          current.value("AttributeName", ""));
    }
    if (auto r = store_ttl(tx, ctx, t, enable, attribute); !r) return r.error();
    return Json{{"TimeToLiveSpecification", {{"Enabled", enable}, {"AttributeName", attribute}}}};
}

Result<void> DynamoBackend::store_ttl(Tx& tx, RequestContext& ctx, Json& t, bool enable,
                                      const std::string& attribute) {
    const std::string name = t["TableName"].get<std::string>();
    t["TimeToLive"] = {{"Enabled", enable}, {"AttributeName", attribute}};
    const std::string entry = ctx.caller.account() + "\n" + ctx.region + "\n" + name;
    if (enable) {
        if (auto r = tx.put(kGlobalScope, kTtlIndex, entry, Json{{"AttributeName", attribute}}); !r)
            return r.error();
    } else if (auto r = tx.erase(kGlobalScope, kTtlIndex, entry); !r) {
        return r.error();
    }
    return tx.put(scope_of(ctx), kTables, name, t);
}

Result<void> DynamoBackend::set_time_to_live(Tx& tx, RequestContext& ctx, const std::string& name,
                                             const Json& spec) {
    auto found = table(tx, ctx, name);
    if (!found) return found.error();
    Json t = *found;
    const bool enable = spec.is_object() && spec.value("Enabled", false);
    const std::string attribute = enable ? spec.value("AttributeName", "") : std::string{};
    const Json current = t.value("TimeToLive", Json::object());
    if (current.value("Enabled", false) == enable &&
        (!enable || current.value("AttributeName", "") == attribute))
        return ok();
    if (enable && attribute.empty())
        return validation("TimeToLiveSpecification needs an AttributeName when Enabled is true");
    // Authorized only when it changes something (a stack's role without UpdateTimeToLive deploys tables
    // without TTL).
    if (auto a = authorize(tx, ctx, "UpdateTimeToLive", name); !a) return a.error();
    return store_ttl(tx, ctx, t, enable, enable ? attribute : current.value("AttributeName", ""));
}

Result<Json> DynamoBackend::describe_time_to_live(Tx& tx, RequestContext& ctx, const Json& in) {
    const std::string name = table_name_of(in);
    if (auto a = authorize(tx, ctx, "DescribeTimeToLive", name); !a) return a.error();
    auto found = table(tx, ctx, name);
    if (!found) return not_found("Requested resource not found: Table: " + name + " not found");
    const Json ttl = found->value("TimeToLive", Json::object());
    Json d{{"TimeToLiveStatus", ttl.value("Enabled", false) ? "ENABLED" : "DISABLED"}};
    if (ttl.value("Enabled", false)) d["AttributeName"] = ttl["AttributeName"];
    return Json{{"TimeToLiveDescription", d}};
}

namespace {

/// Whether `item` has expired under TTL attribute `attribute`: a number of epoch seconds more than `delay` in
/// the past, and not more than five years (AWS ignores those).
bool ttl_expired(const Json& item, const std::string& attribute, long long now_s, long long delay_s) {
    if (!item.contains(attribute) || type_of(item[attribute]) != "N") return false;
    const std::string text = item[attribute]["N"].get<std::string>();
    char* end = nullptr;
    const long double v = std::strtold(text.c_str(), &end);
    if (end == text.c_str()) return false;
    const long double expires = v;
    constexpr long double kFiveYears = 5.0L * 365 * 24 * 3600;
    return expires + static_cast<long double>(delay_s) <= static_cast<long double>(now_s) &&
           expires >= static_cast<long double>(now_s) - kFiveYears;
}

} // namespace

Result<std::vector<DynamoBackend::Expired>>
DynamoBackend::find_expired(Tx& tx, std::chrono::system_clock::time_point now, std::chrono::seconds delay) {
    std::vector<Expired> out;
    auto tables = tx.list(kGlobalScope, kTtlIndex);
    if (!tables) return tables.error();
    const long long now_s = epoch_seconds(now);
    for (const auto& [entry, doc] : *tables) {
        const auto parts = strings::split(entry, "\n");
        if (parts.size() != 3) continue;
        const Scope scope{parts[0], parts[1]};
        const std::string attribute = doc.value("AttributeName", "");
        auto items = tx.list(scope, kItems, parts[2] + "\n");
        if (!items) return items.error();
        for (const auto& [key, item] : *items) {
            if (ttl_expired(item, attribute, now_s, delay.count())) out.push_back({scope, parts[2], key});
            if (out.size() >= 1000) return out; // the rest in the next sweep
        }
    }
    return out;
}

Result<std::size_t> DynamoBackend::expire(Tx& tx, const std::vector<Expired>& items,
                                          std::chrono::system_clock::time_point now,
                                          std::chrono::seconds delay) {
    std::size_t deleted = 0;
    const long long now_s = epoch_seconds(now);
    for (const auto& e : items) {
        auto t = tx.get(e.scope, kTables, e.table);
        if (!t) return t.error();
        if (!t->has_value() || !(**t).value("TimeToLive", Json::object()).value("Enabled", false)) continue;
        const std::string attribute = (**t)["TimeToLive"].value("AttributeName", "");
        auto item = tx.get(e.scope, kItems, e.key);
        if (!item) return item.error();
        // Checked again: the item may have been rewritten since the sweep read it.
        if (!item->has_value() || !ttl_expired(**item, attribute, now_s, delay.count())) continue;
        if (auto r = tx.erase(e.scope, kItems, e.key); !r) return r.error();
        if (auto r =
                streams::record(tx, e.scope, **t, **item, std::nullopt, now, streams::Origin::TimeToLive);
            !r)
            return r.error();
        ++deleted;
    }
    return deleted;
}

// --- transactions ---------------------------------------------------------------------------------------

Result<Json> DynamoBackend::transact_write(Tx& tx, RequestContext& ctx, const Json& in, Json& cancellation) {
    const Json& items = in["TransactItems"];
    if (items.size() > 100) {
        return validation(
            "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
            "Member must have length less than or equal to 100");
    }
    std::size_t total = 0;
    for (const auto& i : items)
        total += i.dump().size();
    if (total > 4 * 1024 * 1024) return validation("Transaction request size exceeded the maximum of 4 MB");
    // Idempotency: the same token and request within 10 minutes succeeds again without writing again.
    const std::string token = in.value("ClientRequestToken", "");
    Json request_doc = in;
    request_doc.erase("ClientRequestToken");
    request_doc.erase("ReturnConsumedCapacity");
    request_doc.erase("ReturnItemCollectionMetrics");
    const std::string fingerprint = hash::sha256_hex(request_doc.dump());
    const long long now_s = epoch_seconds(ctx.now);
    if (!token.empty()) {
        auto seen = tx.get(scope_of(ctx), kTokens, token);
        if (!seen) return seen.error();
        if (seen->has_value() && (**seen)["At"].get<long long>() + 600 > now_s) {
            if ((**seen)["Request"] != fingerprint) {
                return make_error(
                    "IdempotentParameterMismatchException",
                    "The request uses the same client token as a previous, but non-identical request.", 400);
            }
            return Json::object();
        }
    }
    // Each operation's table, store key, current item and condition, checked before anything is written.
    struct Op {
        std::string kind;
        Json call;
        ItemTarget target;
        std::optional<Json> current;
    };
    std::vector<Op> ops;
    std::vector<std::string> seen_keys;
    static const std::map<std::string, const char*> kActions = {{"ConditionCheck", "ConditionCheckItem"},
                                                                {"Put", "PutItem"},
                                                                {"Delete", "DeleteItem"},
                                                                {"Update", "UpdateItem"}};
    for (const auto& i : items) {
        if (i.size() != 1)
            return validation("TransactItems can only contain one of Check, Put, Update or Delete");
        const std::string kind = i.begin().key();
        const Json& call = i.begin().value();
        const auto action = kActions.find(kind);
        if (action == kActions.end())
            return validation("TransactItems can only contain one of Check, Put, Update or Delete");
        if (kind == "ConditionCheck" && !call.contains("ConditionExpression"))
            return validation("The ConditionCheck operation requires a ConditionExpression");
        if (kind == "Update" && !call.contains("UpdateExpression"))
            return validation("The Update operation requires an UpdateExpression");
        const bool whole = kind == "Put";
        auto target = item_target(tx, ctx, call, action->second, whole ? call["Item"] : call["Key"], whole);
        if (!target) return target.error();
        const std::string id = target->table_name + "\n" + target->key;
        if (std::find(seen_keys.begin(), seen_keys.end(), id) != seen_keys.end())
            return validation("Transaction request cannot include multiple operations on one item");
        seen_keys.push_back(id);
        auto current = tx.get(scope_of(ctx), kItems, target->key);
        if (!current) return current.error();
        ops.push_back({kind, call, std::move(*target), *current});
    }
    Json reasons = Json::array();
    bool failed = false;
    for (const auto& op : ops) {
        auto c = check_condition(op.call, op.current.value_or(Json::object()));
        if (c) {
            reasons.push_back({{"Code", "None"}});
            continue;
        }
        if (c.error().code != "ConditionalCheckFailedException") return c.error();
        failed = true;
        Json r{{"Code", "ConditionalCheckFailed"}, {"Message", "The conditional request failed"}};
        if (op.call.value("ReturnValuesOnConditionCheckFailure", "NONE") == "ALL_OLD" && op.current)
            r["Item"] = *op.current;
        reasons.push_back(r);
    }
    if (failed) {
        std::string codes;
        for (const auto& r : reasons)
            codes += (codes.empty() ? "" : ", ") + r["Code"].get<std::string>();
        cancellation = reasons;
        return make_error("TransactionCanceledException",
                          "Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                              codes + "]",
                          400);
    }
    // Every condition holds: written in this one store transaction (an error rolls it all back).
    for (const auto& op : ops) {
        Json call = op.call;
        call.erase("ReturnValuesOnConditionCheckFailure");
        if (op.kind == "Put") {
            if (auto r = put_item_as(tx, ctx, call, "PutItem"); !r) return r.error();
        } else if (op.kind == "Delete") {
            if (auto r = delete_item_as(tx, ctx, call, "DeleteItem"); !r) return r.error();
        } else if (op.kind == "Update") {
            if (auto r = update_item_as(tx, ctx, call, "UpdateItem"); !r) return r.error();
        }
    }
    if (!token.empty()) {
        if (auto r = tx.put(scope_of(ctx), kTokens, token, Json{{"Request", fingerprint}, {"At", now_s}}); !r)
            return r.error();
    }
    return Json::object();
}

Result<Json> DynamoBackend::transact_get(Tx& tx, RequestContext& ctx, const Json& in) {
    const Json& items = in["TransactItems"];
    if (items.size() > 100) {
        return validation(
            "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
            "Member must have length less than or equal to 100");
    }
    Json responses = Json::array();
    std::vector<std::string> seen_keys;
    std::size_t bytes = 0;
    for (const auto& i : items) {
        const Json& get = i["Get"];
        auto target = item_target(tx, ctx, get, "GetItem", get["Key"], false);
        if (!target) return target.error();
        const std::string id = target->table_name + "\n" + target->key;
        if (std::find(seen_keys.begin(), seen_keys.end(), id) != seen_keys.end())
            return validation("Transaction request cannot include multiple operations on one item");
        seen_keys.push_back(id);
        auto item = tx.get(scope_of(ctx), kItems, target->key);
        if (!item) return item.error();
        Json r = Json::object();
        if (item->has_value()) {
            auto p = projected(get, **item);
            if (!p) return p;
            bytes += p->dump().size();
            r["Item"] = *p;
        }
        responses.push_back(r);
    }
    if (bytes > 4 * 1024 * 1024) return validation("Transaction response size exceeded the maximum of 4 MB");
    return Json{{"Responses", responses}};
}

} // namespace cdk::localcloud::dynamodb
