#include "localcloud/dynamodb/cfn_table_provider.hpp"
#include "localcloud/dynamodb/dynamodb_streams.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using TableProviderTest = ProviderTest;

Result<std::optional<Json>> stored(Store& store, const std::string& name) {
    return store.read<std::optional<Json>>([&](Tx& tx) {
        return tx.get(Scope{kAccount, kRegion}, "dynamodb:table", name);
    });
}

Json table_props() {
    return Json{{"KeySchema", Json::array({{{"AttributeName", "pk"}, {"KeyType", "HASH"}}})},
                {"AttributeDefinitions", Json::array({{{"AttributeName", "pk"}, {"AttributeType", "S"}}})},
                {"ProvisionedThroughput", {{"ReadCapacityUnits", "5"}, {"WriteCapacityUnits", 5}}}};
}

TEST_F(TableProviderTest, CreateUpdateRemoveWithGeneratedName) {
    auto& p = provider("AWS::DynamoDB::Table");
    auto r = p.create(request(admin(), "Items", table_props()));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id.rfind("Items-", 0), 0U) << r->physical_id;
    EXPECT_EQ(r->attributes["Arn"],
              std::string("arn:aws:dynamodb:") + kRegion + ":" + kAccount + ":table/" + r->physical_id);
    EXPECT_FALSE(r->attributes.contains("StreamArn"));
    auto s = stored(*store_, r->physical_id);
    ASSERT_TRUE(s && s->has_value());
    EXPECT_EQ((**s)["ProvisionedThroughput"]["ReadCapacityUnits"], 5);
    // an update turns the stream on and changes the billing mode in place
    Json props = table_props();
    props.erase("ProvisionedThroughput");
    props["BillingMode"] = "PAY_PER_REQUEST";
    props["StreamSpecification"] = {{"StreamViewType", "KEYS_ONLY"}};
    auto u = p.update(request(admin(), "Items", props, r->physical_id));
    ASSERT_TRUE(u) << u.error().to_string();
    EXPECT_EQ(u->attributes["StreamArn"].get<std::string>().rfind(
                  r->attributes["Arn"].get<std::string>() + "/stream/", 0),
              0U);
    s = stored(*store_, r->physical_id);
    EXPECT_EQ((**s)["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
    ASSERT_TRUE(p.remove(request(admin(), "Items", props, r->physical_id)));
    ASSERT_TRUE(p.remove(request(admin(), "Items", props, r->physical_id))); // already gone
    s = stored(*store_, r->physical_id);
    EXPECT_FALSE(s->has_value());
}

TEST_F(TableProviderTest, NamedTableTwiceAndDenial) {
    auto& p = provider("AWS::DynamoDB::Table");
    Json props = table_props();
    props["TableName"] = "orders";
    ASSERT_TRUE(p.create(request(admin(), "T", props)));
    auto again = p.create(request(admin(), "U", props));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "ResourceInUseException");
    props["TableName"] = "other";
    auto denied = p.create(request(limited("s3:*"), "V", props));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("dynamodb:CreateTable"), std::string::npos)
        << denied.error().message;
}

TEST_F(TableProviderTest, TimeToLiveFollowsTheTemplate) {
    auto& p = provider("AWS::DynamoDB::Table");
    Json props = table_props();
    props["TimeToLiveSpecification"] = {{"AttributeName", "expires"}, {"Enabled", "true"}};
    auto r = p.create(request(admin(), "Ttl", props));
    ASSERT_TRUE(r) << r.error().to_string();
    auto s = stored(*store_, r->physical_id);
    EXPECT_EQ((**s)["TimeToLive"], (Json{{"AttributeName", "expires"}, {"Enabled", true}}));
    props.erase("TimeToLiveSpecification");
    ASSERT_TRUE(p.update(request(admin(), "Ttl", props, r->physical_id)));
    s = stored(*store_, r->physical_id);
    EXPECT_EQ((**s)["TimeToLive"]["Enabled"], false);
    // without a TTL to change, UpdateTimeToLive is not needed
    props["TableName"] = "no-ttl";
    auto plain = p.create(request(limited("dynamodb:CreateTable"), "Plain", props));
    EXPECT_TRUE(plain) << plain.error().to_string();
}

TEST_F(TableProviderTest, StreamRecordsAreReadInProcessFromASequenceNumber) {
    auto& p = provider("AWS::DynamoDB::Table");
    Json props = table_props();
    props["StreamSpecification"] = {{"StreamViewType", "NEW_AND_OLD_IMAGES"}};
    auto r = p.create(request(admin(), "Streamed", props));
    ASSERT_TRUE(r) << r.error().to_string();
    const std::string arn = r->attributes["StreamArn"].get<std::string>();
    std::string region;
    std::string account;
    const auto ref = dynamodb::streams::parse_arn(arn, &region, &account);
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->table, r->physical_id);
    EXPECT_EQ(region, kRegion);
    EXPECT_EQ(account, kAccount);
    const Scope scope{kAccount, kRegion};
    const auto now = std::chrono::system_clock::now();
    auto table = stored(*store_, r->physical_id);
    ASSERT_TRUE(table && table->has_value());
    // three changes of one item, written as the item API writes them (in the write's transaction)
    const Json v1{{"pk", {{"S", "a"}}}, {"n", {{"N", "1"}}}};
    const Json v2{{"pk", {{"S", "a"}}}, {"n", {{"N", "2"}}}};
    auto wrote = store_->write<bool>([&](Tx& tx) -> Result<bool> {
        for (const auto& [before, after] : std::vector<std::pair<std::optional<Json>, std::optional<Json>>>{
                 {std::nullopt, v1}, {v1, v1}, {v1, v2}, {v2, std::nullopt}}) {
            if (auto rec = dynamodb::streams::record(tx, scope, **table, before, after, now); !rec)
                return rec.error();
        }
        return true;
    });
    ASSERT_TRUE(wrote) << wrote.error().to_string();
    auto batch = store_->read<dynamodb::streams::Batch>(
        [&](Tx& tx) { return dynamodb::streams::read(tx, scope, *ref, 0, 2, now); });
    ASSERT_TRUE(batch) << batch.error().to_string();
    ASSERT_EQ(batch->records.size(), 2U); // the unchanged put wrote no record
    EXPECT_EQ(batch->records[0]["eventName"], "INSERT");
    EXPECT_EQ(batch->records[1]["eventName"], "MODIFY");
    EXPECT_EQ(batch->records[1]["dynamodb"]["OldImage"], v1);
    EXPECT_EQ(batch->records[1]["dynamodb"]["NewImage"], v2);
    EXPECT_FALSE(batch->closed);
    // a checkpoint kept as a SequenceNumber resumes after it
    const auto checkpoint = dynamodb::streams::sequence_counter(
        batch->records[1]["dynamodb"]["SequenceNumber"].get<std::string>());
    ASSERT_TRUE(checkpoint);
    EXPECT_EQ(batch->next, *checkpoint + 1);
    auto rest = store_->read<dynamodb::streams::Batch>(
        [&](Tx& tx) { return dynamodb::streams::read(tx, scope, *ref, *checkpoint + 1, 100, now); });
    ASSERT_TRUE(rest);
    ASSERT_EQ(rest->records.size(), 1U);
    EXPECT_EQ(rest->records[0]["eventName"], "REMOVE");
    EXPECT_FALSE(rest->records[0]["dynamodb"].contains("NewImage"));
    // past the retention the records are trimmed (skipped, then erased by the sweeper's trim)
    const auto later = now + std::chrono::hours(25);
    auto trimmed = store_->read<dynamodb::streams::Batch>(
        [&](Tx& tx) { return dynamodb::streams::read(tx, scope, *ref, 0, 100, later); });
    ASSERT_TRUE(trimmed);
    EXPECT_TRUE(trimmed->records.empty());
    ASSERT_TRUE(store_->write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto t = dynamodb::streams::trim_all(tx, later); !t) return t.error();
        return true;
    }));
    auto left = store_->read<std::vector<std::pair<std::string, Json>>>(
        [&](Tx& tx) { return tx.list(scope, "dynamodb:record", r->physical_id + "\n"); });
    ASSERT_TRUE(left);
    EXPECT_TRUE(left->empty());
}

} // namespace
} // namespace cdk::localcloud::testing
