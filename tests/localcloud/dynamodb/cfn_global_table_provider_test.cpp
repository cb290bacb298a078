#include "localcloud/dynamodb/cfn_global_table_provider.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using GlobalTableProviderTest = ProviderTest;

Result<std::optional<Json>> stored(Store& store, const std::string& name) {
    return store.read<std::optional<Json>>([&](Tx& tx) {
        return tx.get(Scope{kAccount, kRegion}, "dynamodb:table", name);
    });
}

/// A TableV2 as aws-cdk-lib renders it: on demand, one replica in the stack's region.
Json global_table_props() {
    return Json{{"KeySchema", Json::array({{{"AttributeName", "pk"}, {"KeyType", "HASH"}}})},
                {"AttributeDefinitions", Json::array({{{"AttributeName", "pk"}, {"AttributeType", "S"}}})},
                {"BillingMode", "PAY_PER_REQUEST"},
                {"Replicas", Json::array({{{"Region", kRegion}}})}};
}

TEST_F(GlobalTableProviderTest, TheStacksReplicaIsATable) {
    auto& p = provider("AWS::DynamoDB::GlobalTable");
    Json props = global_table_props();
    props["StreamSpecification"] = {{"StreamViewType", "NEW_IMAGE"}};
    props["TimeToLiveSpecification"] = {{"AttributeName", "expires"}, {"Enabled", true}};
    props["Replicas"][0]["TableClass"] = "STANDARD_INFREQUENT_ACCESS";
    props["Replicas"][0]["DeletionProtectionEnabled"] = "false";
    auto r = p.create(request(admin(), "Global", props));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id.rfind("Global-", 0), 0U) << r->physical_id;
    EXPECT_EQ(r->attributes["Arn"],
              std::string("arn:aws:dynamodb:") + kRegion + ":" + kAccount + ":table/" + r->physical_id);
    EXPECT_EQ(r->attributes["StreamArn"].get<std::string>().rfind(
                  r->attributes["Arn"].get<std::string>() + "/stream/", 0),
              0U);
    EXPECT_FALSE(r->attributes["TableId"].get<std::string>().empty());
    auto s = stored(*store_, r->physical_id);
    ASSERT_TRUE(s && s->has_value());
    EXPECT_EQ((**s)["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
    EXPECT_EQ((**s)["TableClassSummary"]["TableClass"], "STANDARD_INFREQUENT_ACCESS");
    EXPECT_EQ((**s)["TimeToLive"], (Json{{"AttributeName", "expires"}, {"Enabled", true}}));
    EXPECT_EQ((**s)["TableId"], r->attributes["TableId"]);
    // the stream off in place
    props.erase("StreamSpecification");
    auto u = p.update(request(admin(), "Global", props, r->physical_id));
    ASSERT_TRUE(u) << u.error().to_string();
    EXPECT_FALSE(u->attributes.contains("StreamArn"));
    ASSERT_TRUE(p.remove(request(admin(), "Global", props, r->physical_id)));
    ASSERT_TRUE(p.remove(request(admin(), "Global", props, r->physical_id))); // already gone
    EXPECT_FALSE(stored(*store_, r->physical_id)->has_value());
}

TEST_F(GlobalTableProviderTest, ProvisionedCapacityFromFixedOrAutoScaledSettings) {
    auto& p = provider("AWS::DynamoDB::GlobalTable");
    Json props = global_table_props();
    props["TableName"] = "provisioned";
    props["BillingMode"] = "PROVISIONED";
    props["WriteProvisionedThroughputSettings"] = {
        {"WriteCapacityAutoScalingSettings",
         {{"MinCapacity", 1},
          {"MaxCapacity", 20},
          {"SeedCapacity", 7},
          {"TargetTrackingScalingPolicyConfiguration", {{"TargetValue", 70}}}}}};
    props["Replicas"][0]["ReadProvisionedThroughputSettings"] = {{"ReadCapacityUnits", "10"}};
    props["GlobalSecondaryIndexes"] =
        Json::array({{{"IndexName", "gsi"},
                      {"KeySchema", Json::array({{{"AttributeName", "pk"}, {"KeyType", "HASH"}}})},
                      {"Projection", {{"ProjectionType", "ALL"}}},
                      {"WriteProvisionedThroughputSettings",
                       {{"WriteCapacityAutoScalingSettings",
                         {{"MinCapacity", 3},
                          {"MaxCapacity", 30},
                          {"TargetTrackingScalingPolicyConfiguration", {{"TargetValue", 70}}}}}}}}});
    props["Replicas"][0]["GlobalSecondaryIndexes"] = Json::array(
        {{{"IndexName", "gsi"}, {"ReadProvisionedThroughputSettings", {{"ReadCapacityUnits", 4}}}}});
    auto r = p.create(request(admin(), "P", props));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id, "provisioned");
    auto s = stored(*store_, "provisioned");
    ASSERT_TRUE(s && s->has_value());
    EXPECT_EQ((**s)["ProvisionedThroughput"]["ReadCapacityUnits"], 10);
    EXPECT_EQ((**s)["ProvisionedThroughput"]["WriteCapacityUnits"], 7);
    EXPECT_EQ((**s)["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["ReadCapacityUnits"], 4);
    EXPECT_EQ((**s)["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["WriteCapacityUnits"], 3);
}

TEST_F(GlobalTableProviderTest, RefusesReplicasInOtherRegionsAndDeniedCallers) {
    auto& p = provider("AWS::DynamoDB::GlobalTable");
    Json props = global_table_props();
    props["Replicas"].push_back({{"Region", "eu-west-1"}});
    auto other = p.create(request(admin(), "Multi", props));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, "ValidationException");
    EXPECT_NE(other.error().message.find("eu-west-1"), std::string::npos) << other.error().message;
    Json none = global_table_props();
    none["Replicas"] = Json::array();
    EXPECT_FALSE(p.create(request(admin(), "None", none)));
    Json plain = global_table_props();
    plain["TableName"] = "denied";
    auto denied = p.create(request(limited("s3:*"), "D", plain));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("dynamodb:CreateTable"), std::string::npos)
        << denied.error().message;
}

} // namespace
} // namespace cdk::localcloud::testing
