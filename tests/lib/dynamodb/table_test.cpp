// dynamodb::Table rendering and validation that the golden cases do not pin down, as aws-cdk-lib 2.276 does
// it.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/tags.hpp"
#include "lib/dynamodb/table.hpp"
#include "lib/iam/role.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace ddb = cdk::dynamodb;
namespace iam = cdk::iam;
using cdk::Json;

namespace {

const ddb::Attribute kId{"id", ddb::AttributeType::String};

Json resource(cdk::Stack& stack, const std::string& logical_id) {
    return cdk::render_stack_template(stack)["Resources"][logical_id];
}

Json policy_statements(cdk::Stack& stack, iam::Role& role) {
    const Json t = cdk::render_stack_template(stack);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::IAM::Policy" &&
            r["Properties"]["Roles"][0]["Ref"] == role.resource().logical_id())
            return r["Properties"]["PolicyDocument"]["Statement"];
    }
    return Json::array();
}

} // namespace

TEST(Table, DefaultsToProvisionedFiveByFiveAndRetain) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    ddb::Table t(stack, "T", {.partition_key = kId});
    const Json r = resource(stack, t.resource().logical_id());
    EXPECT_EQ(r["Properties"]["ProvisionedThroughput"],
              Json({{"ReadCapacityUnits", 5}, {"WriteCapacityUnits", 5}}));
    EXPECT_FALSE(r["Properties"].contains("BillingMode"));
    EXPECT_EQ(r["DeletionPolicy"], "Retain");
    EXPECT_EQ(r["UpdateReplacePolicy"], "Retain");
    EXPECT_FALSE(t.table_stream_arn().has_value());
    EXPECT_EQ(t.billing_mode(), ddb::BillingMode::Provisioned);
}

TEST(Table, FailsOnCapacityWithPayPerRequest) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(
        ddb::Table(
            stack, "A",
            {.partition_key = kId, .billing_mode = ddb::BillingMode::PayPerRequest, .read_capacity = 3}),
        cdk::ValidationError);
    ddb::Table t(stack, "B", {.partition_key = kId, .billing_mode = ddb::BillingMode::PayPerRequest});
    EXPECT_THROW(t.add_global_secondary_index({.index_name = "g", .partition_key = kId, .write_capacity = 1}),
                 cdk::ValidationError);
}

TEST(Table, FailsOnConflictingKeysAndIndexes) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(ddb::Table(stack, "NoKey", {}), cdk::ValidationError);
    ddb::Table t(stack, "T",
                 {.partition_key = kId, .sort_key = ddb::Attribute{"sk", ddb::AttributeType::Number}});
    t.add_global_secondary_index({.index_name = "g", .partition_key = {"other", ddb::AttributeType::String}});
    EXPECT_THROW(t.add_global_secondary_index({.index_name = "g", .partition_key = kId}),
                 cdk::ValidationError);
    EXPECT_THROW(t.add_global_secondary_index(
                     {.index_name = "h", .partition_key = {"sk", ddb::AttributeType::String}}),
                 cdk::ValidationError);
    EXPECT_THROW(
        t.add_global_secondary_index(
            {.index_name = "i", .partition_key = kId, .projection_type = ddb::ProjectionType::Include}),
        cdk::ValidationError);
    EXPECT_THROW(
        t.add_local_secondary_index(
            {.index_name = "l", .sort_key = {"x", ddb::AttributeType::String}, .non_key_attributes = {"a"}}),
        cdk::ValidationError);
    for (int i = 0; i < 5; ++i)
        t.add_local_secondary_index(
            {.index_name = "l" + std::to_string(i), .sort_key = {"x", ddb::AttributeType::String}});
    EXPECT_THROW(
        t.add_local_secondary_index({.index_name = "l5", .sort_key = {"x", ddb::AttributeType::String}}),
        cdk::ValidationError);
}

TEST(Table, LocalIndexNeedsTheTableSortKeyAtSynthesis) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    ddb::Table t(stack, "T", {.partition_key = kId});
    EXPECT_TRUE(t.node().validate().empty());
    t.add_local_secondary_index({.index_name = "l", .sort_key = {"x", ddb::AttributeType::String}});
    ASSERT_EQ(t.node().validate().size(), 1u);
    EXPECT_NE(t.node().validate()[0].find("sort key of the table"), std::string::npos);
}

TEST(Table, FailsOnAKeyWithoutCustomerManagedEncryption) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::kms::Key key(stack, "K");
    EXPECT_THROW(
        ddb::Table(
            stack, "T",
            {.partition_key = kId, .encryption = ddb::TableEncryption::AwsManaged, .encryption_key = &key}),
        cdk::ValidationError);
    ddb::Table t(stack, "U", {.partition_key = kId, .encryption_key = &key});
    EXPECT_EQ(t.encryption_key(), &key);
}

TEST(Table, FailsOnPitrConflicts) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(
        ddb::Table(stack, "A",
                   {.partition_key = kId,
                    .point_in_time_recovery = true,
                    .point_in_time_recovery_specification = ddb::PointInTimeRecoverySpecification{true}}),
        cdk::ValidationError);
    EXPECT_THROW(
        ddb::Table(stack, "B",
                   {.partition_key = kId,
                    .point_in_time_recovery_specification = ddb::PointInTimeRecoverySpecification{false, 7}}),
        cdk::ValidationError);
    EXPECT_THROW(
        ddb::Table(stack, "C",
                   {.partition_key = kId,
                    .point_in_time_recovery_specification = ddb::PointInTimeRecoverySpecification{true, 36}}),
        cdk::ValidationError);
    ddb::Table d(stack, "D",
                 {.partition_key = kId,
                  .point_in_time_recovery_specification = ddb::PointInTimeRecoverySpecification{true, 7}});
    EXPECT_EQ(resource(stack, d.resource().logical_id())["Properties"]["PointInTimeRecoverySpecification"],
              Json({{"PointInTimeRecoveryEnabled", true}, {"RecoveryPeriodInDays", 7}}));
}

TEST(Table, IndexArnFollowsIndexesAddedAfterTheGrant) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    ddb::Table t(stack, "T", {.partition_key = kId});
    iam::Role role(stack, "R", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    t.grant_write_data(role);
    const Json arn = {{"Fn::GetAtt", {t.resource().logical_id(), "Arn"}}};
    EXPECT_EQ(policy_statements(stack, role)[0]["Resource"], Json::array({arn}));
    t.add_global_secondary_index({.index_name = "g", .partition_key = {"other", ddb::AttributeType::String}});
    const Json index_arn = {{"Fn::Join", {"", {arn, "/index/*"}}}};
    EXPECT_EQ(policy_statements(stack, role)[0]["Resource"], Json::array({arn, index_arn}));
}

TEST(Table, FailsOnServicePrincipalGrantees) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    ddb::Table t(stack, "T", {.partition_key = kId});
    EXPECT_THROW(t.grant_read_data(iam::ServicePrincipal("lambda.amazonaws.com")), cdk::ValidationError);
    // The services DynamoDB accepts in a table policy get a resource-policy statement.
    t.grant_read_data(iam::ServicePrincipal("glue.amazonaws.com"));
    const Json policy =
        resource(stack, t.resource().logical_id())["Properties"]["ResourcePolicy"]["PolicyDocument"];
    ASSERT_EQ(policy["Statement"].size(), 1u);
    EXPECT_EQ(policy["Statement"][0]["Principal"], Json({{"Service", "glue.amazonaws.com"}}));
    EXPECT_EQ(policy["Statement"][0]["Resource"], "*");
}

TEST(Table, StreamGrantsNeedAStream) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    ddb::Table t(stack, "T", {.partition_key = kId});
    iam::Role role(stack, "R", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    EXPECT_THROW(t.grant_stream_read(role), cdk::ValidationError);
    EXPECT_THROW(t.grant_table_list_streams(role), cdk::ValidationError);
    ddb::ITable& imported = ddb::Table::from_table_attributes(
        stack, "I", {.table_name = "x", .table_stream_arn = "arn:aws:dynamodb:r:1:table/x/stream/2020"});
    imported.grant_stream_read(role);
    EXPECT_EQ(policy_statements(stack, role).back()["Resource"], "arn:aws:dynamodb:r:1:table/x/stream/2020");
}

TEST(Table, ImportsParseTheNameAndRefuseBadArns) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_EQ(ddb::Table::from_table_arn(stack, "A", "arn:aws:dynamodb:us-east-1:123456789012:table/orders")
                  .table_name(),
              "orders");
    EXPECT_THROW(
        (void)ddb::Table::from_table_arn(stack, "B", "arn:aws:dynamodb:us-east-1:123456789012:table"),
        cdk::ValidationError);
    EXPECT_THROW((void)ddb::Table::from_table_attributes(stack, "C", {}), cdk::ValidationError);
    EXPECT_THROW((void)ddb::Table::from_table_attributes(
                     stack, "D", {.table_arn = "arn:aws:dynamodb:r:1:table/a", .table_name = "a"}),
                 cdk::ValidationError);
    EXPECT_TRUE(ddb::Table::from_table_attributes(stack, "E", {.table_name = "a", .global_indexes = {"g"}})
                    .has_index());
}

TEST(Table, AddToResourcePolicyRendersTheDocument) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    ddb::Table t(stack, "T", {.partition_key = kId});
    const auto result =
        t.add_to_resource_policy(iam::PolicyStatement({.actions = {"dynamodb:GetItem"},
                                                       .principals = {iam::AccountPrincipal("222222222222")},
                                                       .resources = {"*"}}));
    EXPECT_TRUE(result.statement_added);
    const Json policy =
        resource(stack, t.resource().logical_id())["Properties"]["ResourcePolicy"]["PolicyDocument"];
    EXPECT_EQ(policy["Statement"][0]["Action"], "dynamodb:GetItem");
    EXPECT_EQ(policy["Version"], "2012-10-17");
}

TEST(Table, TagsReachTheTable) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    ddb::Table t(stack, "T", {.partition_key = kId});
    ddb::Table untagged(stack, "U", {.partition_key = kId});
    cdk::Tags::of(t).add("team", "data");
    cdk::Tags::of(stack).add("app", "shop", {.exclude_resource_types = {"AWS::DynamoDB::Table"}});
    app.synth();
    EXPECT_EQ(t.resource().tag_manager().tag_values(),
              (std::map<std::string, std::string>{{"team", "data"}}));
    EXPECT_FALSE(untagged.resource().tag_manager().has_tags());
}
