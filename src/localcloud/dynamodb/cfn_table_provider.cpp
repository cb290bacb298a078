#include "localcloud/dynamodb/cfn_table_provider.hpp"

#include "localcloud/dynamodb/dynamodb_backend.hpp"
#include "localcloud/server/cfn_support.hpp"

#include <cmath>
#include <cstdlib>

namespace cdk::localcloud::dynamodb {

namespace {

/// A template number (resolved values may be strings: `"5"`).
long long as_number(const Json& v) {
    if (v.is_number()) return v.get<long long>();
    if (v.is_string()) return std::atoll(v.get<std::string>().c_str());
    return 0;
}

Json throughput(const Json& p) {
    return Json{{"ReadCapacityUnits", as_number(p.value("ReadCapacityUnits", Json(0)))},
                {"WriteCapacityUnits", as_number(p.value("WriteCapacityUnits", Json(0)))}};
}

} // namespace

Json detail::table_create_input(const Json& p, const std::string& name) {
    Json in{{"TableName", name},
            {"KeySchema", p.value("KeySchema", Json::array())},
            {"AttributeDefinitions", p.value("AttributeDefinitions", Json::array())},
            {"BillingMode", p.value("BillingMode", "PROVISIONED")}};
    if (p.contains("ProvisionedThroughput"))
        in["ProvisionedThroughput"] = throughput(p["ProvisionedThroughput"]);
    for (const char* indexes : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
        if (!p.contains(indexes)) continue;
        Json out = Json::array();
        for (const auto& i : p[indexes]) {
            Json index{{"IndexName", i.value("IndexName", "")},
                       {"KeySchema", i.value("KeySchema", Json::array())},
                       {"Projection", i.value("Projection", Json::object())}};
            if (i.contains("ProvisionedThroughput"))
                index["ProvisionedThroughput"] = throughput(i["ProvisionedThroughput"]);
            out.push_back(index);
        }
        in[indexes] = out;
    }
    if (p.contains("StreamSpecification")) {
        in["StreamSpecification"] = {
            {"StreamEnabled", true},
            {"StreamViewType", p["StreamSpecification"].value("StreamViewType", "")}};
    }
    if (p.contains("SSESpecification")) {
        const Json& sse = p["SSESpecification"];
        const bool enabled =
            sse.value("SSEEnabled", false) == true || sse.value("SSEEnabled", Json(false)) == "true";
        in["SSESpecification"] = {{"Enabled", enabled}};
        if (sse.contains("KMSMasterKeyId")) in["SSESpecification"]["KMSMasterKeyId"] = sse["KMSMasterKeyId"];
    }
    if (p.contains("TableClass")) in["TableClass"] = p["TableClass"];
    if (p.contains("DeletionProtectionEnabled")) {
        in["DeletionProtectionEnabled"] =
            p["DeletionProtectionEnabled"] == true || p["DeletionProtectionEnabled"] == "true";
    }
    return in;
}

Json detail::ttl_spec(const Json& p) {
    if (!p.contains("TimeToLiveSpecification") || !p["TimeToLiveSpecification"].is_object()) return Json();
    const Json& t = p["TimeToLiveSpecification"];
    const bool enabled = t.value("Enabled", Json(false)) == true || t.value("Enabled", Json(false)) == "true";
    return Json{{"Enabled", enabled}, {"AttributeName", t.value("AttributeName", "")}};
}

namespace {

using detail::ttl_spec;

Json create_input(const Json& p, const std::string& name) {
    return detail::table_create_input(p, name);
}

ResourceResponse response_of(const Json& description) {
    ResourceResponse r;
    r.physical_id = description["TableName"].get<std::string>();
    r.attributes = Json{{"Arn", description["TableArn"]}};
    // StreamArn while a stream is on (DescribeTable keeps naming the last stream after it is turned off).
    if (description.contains("LatestStreamArn") && description.contains("StreamSpecification"))
        r.attributes["StreamArn"] = description["LatestStreamArn"];
    return r;
}

Result<ResourceResponse> create_table(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    std::string name = cfn::name_or_generated(request, "TableName", 255);
    cfn::ProviderCall call(request);
    DynamoBackend backend(cloud);
    auto done = cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto created = backend.create_table(tx, call.context(), create_input(p, name));
        if (!created) return created;
        if (auto t = backend.set_time_to_live(tx, call.context(), name, ttl_spec(p)); !t) return t.error();
        return created;
    });
    if (!done) return done.error();
    return response_of((*done)["TableDescription"]);
}

Result<ResourceResponse> update_table(CloudContext& cloud, const ResourceRequest& request) {
    // Key schema, name and indexes are create-only (the engine replaces the table); the rest is updated in
    // place.
    cfn::ProviderCall call(request);
    DynamoBackend backend(cloud);
    const Json in = create_input(cfn::props(request), request.physical_id);
    auto done = cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto updated = backend.update_settings(tx, call.context(), request.physical_id, in);
        if (!updated) return updated;
        if (auto t = backend.set_time_to_live(tx, call.context(), request.physical_id,
                                              ttl_spec(cfn::props(request)));
            !t) {
            return t.error();
        }
        return updated;
    });
    if (!done) return done.error();
    return response_of((*done)["TableDescription"]);
}

} // namespace

CfnTableProvider::CfnTableProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::DynamoDB::Table", {create_table, update_table, detail::remove_table}) {}

namespace detail {

Result<void> remove_table(CloudContext& cloud, const cloudformation::ResourceRequest& request) {
    cfn::ProviderCall call(request);
    DynamoBackend backend(cloud);
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto r = backend.delete_table(tx, call.context(), Json{{"TableName", request.physical_id}});
        if (!r && !cfn::is_not_found(r.error())) return r.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

} // namespace detail

} // namespace cdk::localcloud::dynamodb
