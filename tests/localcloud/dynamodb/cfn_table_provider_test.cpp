#include "localcloud/dynamodb/cfn_table_provider.hpp"
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

} // namespace
} // namespace cdk::localcloud::testing
