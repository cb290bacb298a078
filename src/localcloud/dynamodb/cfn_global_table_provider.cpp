#include "localcloud/dynamodb/cfn_global_table_provider.hpp"

#include "localcloud/dynamodb/cfn_table_provider.hpp"
#include "localcloud/dynamodb/dynamodb_backend.hpp"
#include "localcloud/server/cfn_support.hpp"

namespace cdk::localcloud::dynamodb {

namespace {

/// The capacity units of a GlobalTable throughput setting: `<prefix>CapacityUnits` when fixed, else the auto
/// scaling's seed capacity (the capacity the table starts with), else its minimum; null when neither.
Json capacity_units(const Json& settings, const char* prefix) {
    if (!settings.is_object()) return Json();
    const std::string units = std::string(prefix) + "CapacityUnits";
    if (settings.contains(units)) return settings[units];
    const std::string autoscaling = std::string(prefix) + "CapacityAutoScalingSettings";
    if (!settings.contains(autoscaling) || !settings[autoscaling].is_object()) return Json();
    const Json& a = settings[autoscaling];
    if (a.contains("SeedCapacity")) return a["SeedCapacity"];
    return a.value("MinCapacity", Json());
}

/// Replicas must name the stack's region, and no other (no cross-region replication here).
Result<Json> stack_replica(const Json& p, const std::string& region) {
    if (!p.contains("Replicas") || !p["Replicas"].is_array() || p["Replicas"].empty()) {
        return make_error("ValidationException", "Replicas: at least one replica is required", 400);
    }
    for (const auto& r : p["Replicas"]) {
        const std::string other = r.value("Region", "");
        if (other != region) {
            return make_error("ValidationException",
                              "AWS::DynamoDB::GlobalTable replica in region " + other +
                                  " is not supported by localcloud: it has no replication between regions; "
                                  "only the replica in the stack's region (" +
                                  region + ") can be deployed",
                              400);
        }
    }
    return p["Replicas"][0];
}

/// AWS::DynamoDB::Table properties of the global table's replica in the stack's region.
Json table_properties(const Json& p, const Json& replica) {
    Json t{{"KeySchema", p.value("KeySchema", Json::array())},
           {"AttributeDefinitions", p.value("AttributeDefinitions", Json::array())},
           {"BillingMode", p.value("BillingMode", "PROVISIONED")}};
    const bool provisioned = t["BillingMode"] == "PROVISIONED";
    const Json table_read =
        capacity_units(replica.value("ReadProvisionedThroughputSettings", Json()), "Read");
    if (provisioned) {
        t["ProvisionedThroughput"] = {
            {"ReadCapacityUnits", table_read},
            {"WriteCapacityUnits",
             capacity_units(p.value("WriteProvisionedThroughputSettings", Json()), "Write")}};
    }
    if (p.contains("GlobalSecondaryIndexes")) {
        Json out = Json::array();
        for (const auto& i : p["GlobalSecondaryIndexes"]) {
            const std::string name = i.value("IndexName", "");
            Json index{{"IndexName", name},
                       {"KeySchema", i.value("KeySchema", Json::array())},
                       {"Projection", i.value("Projection", Json::object())}};
            if (provisioned) {
                Json read = table_read;
                for (const auto& ri : replica.value("GlobalSecondaryIndexes", Json::array())) {
                    if (ri.value("IndexName", "") != name) continue;
                    const Json units =
                        capacity_units(ri.value("ReadProvisionedThroughputSettings", Json()), "Read");
                    if (!units.is_null()) read = units;
                }
                index["ProvisionedThroughput"] = {
                    {"ReadCapacityUnits", read},
                    {"WriteCapacityUnits",
                     capacity_units(i.value("WriteProvisionedThroughputSettings", Json()), "Write")}};
            }
            out.push_back(index);
        }
        t["GlobalSecondaryIndexes"] = out;
    }
    if (p.contains("LocalSecondaryIndexes")) t["LocalSecondaryIndexes"] = p["LocalSecondaryIndexes"];
    if (p.contains("StreamSpecification")) t["StreamSpecification"] = p["StreamSpecification"];
    if (p.contains("SSESpecification")) {
        t["SSESpecification"] = p["SSESpecification"];
        const Json sse = replica.value("SSESpecification", Json::object());
        if (sse.is_object() && sse.contains("KMSMasterKeyId"))
            t["SSESpecification"]["KMSMasterKeyId"] = sse["KMSMasterKeyId"];
    }
    if (replica.contains("TableClass")) t["TableClass"] = replica["TableClass"];
    if (replica.contains("DeletionProtectionEnabled"))
        t["DeletionProtectionEnabled"] = replica["DeletionProtectionEnabled"];
    if (p.contains("TimeToLiveSpecification")) t["TimeToLiveSpecification"] = p["TimeToLiveSpecification"];
    return t;
}

ResourceResponse response_of(const Json& description) {
    ResourceResponse r;
    r.physical_id = description["TableName"].get<std::string>();
    r.attributes = Json{{"Arn", description["TableArn"]}, {"TableId", description.value("TableId", "")}};
    if (description.contains("LatestStreamArn") && description.contains("StreamSpecification"))
        r.attributes["StreamArn"] = description["LatestStreamArn"];
    return r;
}

Result<ResourceResponse> create_global_table(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    auto replica = stack_replica(p, request.region);
    if (!replica) return replica.error();
    std::string name = cfn::name_or_generated(request, "TableName", 255);
    const Json t = table_properties(p, *replica);
    cfn::ProviderCall call(request);
    DynamoBackend backend(cloud);
    auto done = cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto created = backend.create_table(tx, call.context(), detail::table_create_input(t, name));
        if (!created) return created;
        if (auto s = backend.set_time_to_live(tx, call.context(), name, detail::ttl_spec(t)); !s)
            return s.error();
        return created;
    });
    if (!done) return done.error();
    return response_of((*done)["TableDescription"]);
}

Result<ResourceResponse> update_global_table(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    auto replica = stack_replica(p, request.region);
    if (!replica) return replica.error();
    const Json t = table_properties(p, *replica);
    cfn::ProviderCall call(request);
    DynamoBackend backend(cloud);
    auto done = cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto updated = backend.update_settings(tx, call.context(), request.physical_id,
                                               detail::table_create_input(t, request.physical_id));
        if (!updated) return updated;
        if (auto s = backend.set_time_to_live(tx, call.context(), request.physical_id, detail::ttl_spec(t));
            !s)
            return s.error();
        return updated;
    });
    if (!done) return done.error();
    return response_of((*done)["TableDescription"]);
}

} // namespace

CfnGlobalTableProvider::CfnGlobalTableProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::DynamoDB::GlobalTable",
               {create_global_table, update_global_table, detail::remove_table}) {}

} // namespace cdk::localcloud::dynamodb
