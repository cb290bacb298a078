// dynamodb::TableV2 rendering, validation and grants that the golden cases do not pin down, as aws-cdk-lib
// 2.276 does them.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/dynamodb/table_v2.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

#include <map>

namespace ddb = cdk::dynamodb;
namespace iam = cdk::iam;
using cdk::Json;

namespace {

const ddb::Attribute kPk{"pk", ddb::AttributeType::String};
const ddb::Attribute kSk{"sk", ddb::AttributeType::Number};
const cdk::Environment kEnv{.account = "111111111111", .region = "us-east-1"};

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

Json get_att(const std::string& id, const std::string& attribute) {
    return Json{{"Fn::GetAtt", {id, attribute}}};
}

} // namespace

TEST(TableV2, DefaultsToOnDemandRetainAndOneReplicaInTheStacksRegion) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    ddb::TableV2 t(stack, "T", {.partition_key = kPk});
    const Json r = resource(stack, t.resource().logical_id());
    EXPECT_EQ(r["Type"], "AWS::DynamoDB::GlobalTable");
    EXPECT_EQ(r["Properties"]["BillingMode"], "PAY_PER_REQUEST");
    EXPECT_EQ(r["Properties"]["Replicas"], Json::parse(R"([{"Region": {"Ref": "AWS::Region"}}])"));
    EXPECT_FALSE(r["Properties"].contains("StreamSpecification"));
    EXPECT_FALSE(r["Properties"].contains("SSESpecification"));
    EXPECT_EQ(r["DeletionPolicy"], "Retain");
    EXPECT_EQ(r["UpdateReplacePolicy"], "Retain");
    EXPECT_EQ(t.billing_mode(), ddb::BillingMode::PayPerRequest);
    EXPECT_TRUE(t.table_stream_arn().has_value());
}

TEST(TableV2, RendersTableOptionsIntoTheReplica) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = kEnv});
    ddb::TableV2 t(stack, "T",
                   {.partition_key = kPk,
                    .encryption = ddb::TableEncryptionV2::dynamo_owned_key(),
                    .dynamo_stream = ddb::StreamViewType::KeysOnly,
                    .contributor_insights = true,
                    .deletion_protection = true,
                    .table_class = ddb::TableClass::Standard,
                    .tags = {{"a", "1"}}});
    const Json p = resource(stack, t.resource().logical_id())["Properties"];
    EXPECT_EQ(p["SSESpecification"], Json({{"SSEEnabled", false}}));
    EXPECT_EQ(p["StreamSpecification"], Json({{"StreamViewType", "KEYS_ONLY"}}));
    EXPECT_EQ(p["Replicas"], Json::parse(R"([{"Region": "us-east-1", "ContributorInsightsSpecification":
        {"Enabled": true}, "DeletionProtectionEnabled": true, "TableClass": "STANDARD",
        "Tags": [{"Key": "a", "Value": "1"}]}])"));
}

TEST(TableV2, ReplicasInOtherRegionsComeFirstAndTurnOnTheStream) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = kEnv});
    ddb::TableV2 t(stack, "T", {.partition_key = kPk, .deletion_protection = true});
    t.add_replica({.region = "eu-west-1", .deletion_protection = false});
    const Json p = resource(stack, t.resource().logical_id())["Properties"];
    EXPECT_EQ(p["StreamSpecification"], Json({{"StreamViewType", "NEW_AND_OLD_IMAGES"}}));
    ASSERT_EQ(p["Replicas"].size(), 2U);
    EXPECT_EQ(p["Replicas"][0]["Region"], "eu-west-1");
    EXPECT_EQ(p["Replicas"][0]["DeletionProtectionEnabled"], false);
    EXPECT_EQ(p["Replicas"][1]["Region"], "us-east-1");
    EXPECT_EQ(p["Replicas"][1]["DeletionProtectionEnabled"], true);
}

TEST(TableV2, FailsOnInvalidReplicas) {
    cdk::App app;
    cdk::Stack agnostic(app, "A");
    ddb::TableV2 a(agnostic, "T", {.partition_key = kPk});
    EXPECT_THROW(a.add_replica({.region = "eu-west-1"}), cdk::ValidationError);
    cdk::Stack stack(app, "S", {.env = kEnv});
    ddb::TableV2 t(stack, "T", {.partition_key = kPk});
    EXPECT_THROW(t.add_replica({.region = "us-east-1"}), cdk::ValidationError);
    t.add_replica({.region = "eu-west-1"});
    EXPECT_THROW(t.add_replica({.region = "eu-west-1"}), cdk::ValidationError);
    EXPECT_THROW(t.add_replica({.region = "eu-west-2", .read_capacity = ddb::Capacity::fixed(1)}),
                 cdk::ValidationError);
    EXPECT_EQ(&t.replica("us-east-1"), &t);
    EXPECT_THROW((void)t.replica("ap-south-1"), cdk::ValidationError);
    EXPECT_EQ(cdk::render_stack_template(stack)["Resources"].size(), 1U);
    EXPECT_EQ(t.replica("eu-west-1").table_name(), t.table_name());
}

TEST(TableV2, FailsOnInvalidCapacityAndIndexes) {
    EXPECT_THROW((void)ddb::Capacity::autoscaled({.min_capacity = 5, .max_capacity = 4}),
                 cdk::ValidationError);
    EXPECT_THROW((void)ddb::Capacity::autoscaled({.max_capacity = 4, .target_utilization_percent = 10}),
                 cdk::ValidationError);
    EXPECT_THROW((void)ddb::Capacity::autoscaled({.max_capacity = 4, .seed_capacity = 0}),
                 cdk::ValidationError);
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(
        ddb::TableV2(stack, "Fixed",
                     {.partition_key = kPk,
                      .billing = ddb::Billing::provisioned({.read_capacity = ddb::Capacity::fixed(1),
                                                            .write_capacity = ddb::Capacity::fixed(1)})}),
        cdk::ValidationError);
    ddb::TableV2 t(stack, "T", {.partition_key = kPk});
    EXPECT_THROW(t.add_global_secondary_index(
                     {.index_name = "g", .partition_key = kSk, .read_capacity = ddb::Capacity::fixed(1)}),
                 cdk::ValidationError);
    EXPECT_THROW(t.add_local_secondary_index({.index_name = "l", .sort_key = kSk}), cdk::ValidationError);
    t.add_global_secondary_index({.index_name = "g", .partition_key = kSk});
    EXPECT_THROW(t.add_global_secondary_index({.index_name = "g", .partition_key = kPk}),
                 cdk::ValidationError);
    EXPECT_THROW(t.add_global_secondary_index(
                     {.index_name = "h", .partition_key = {"sk", ddb::AttributeType::String}}),
                 cdk::ValidationError);
    EXPECT_THROW(
        t.add_global_secondary_index(
            {.index_name = "i", .partition_key = kPk, .projection_type = ddb::ProjectionType::Include}),
        cdk::ValidationError);
    EXPECT_THROW(
        ddb::TableV2(stack, "Pitr",
                     {.partition_key = kPk,
                      .point_in_time_recovery = true,
                      .point_in_time_recovery_specification =
                          ddb::PointInTimeRecoverySpecification{.point_in_time_recovery_enabled = true}}),
        cdk::ValidationError);
    EXPECT_THROW(
        ddb::TableV2(stack, "Days",
                     {.partition_key = kPk,
                      .point_in_time_recovery_specification =
                          ddb::PointInTimeRecoverySpecification{.point_in_time_recovery_enabled = true,
                                                                .recovery_period_in_days = 36}}),
        cdk::ValidationError);
    // both contributor insights forms: refused when the replicas are rendered, as aws-cdk-lib's validateCCI
    cdk::Stack cci_stack(app, "Cci");
    ddb::TableV2 cci(cci_stack, "T",
                     {.partition_key = kPk,
                      .contributor_insights = true,
                      .contributor_insights_specification = ddb::ContributorInsightsSpecification{}});
    EXPECT_THROW((void)cdk::render_stack_template(cci_stack), cdk::ValidationError);
}

TEST(TableV2, CustomerManagedKeyNeedsAKeyPerReplicaRegion) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = kEnv});
    cdk::kms::Key key(stack, "Key", {});
    ddb::TableV2 t(stack, "T",
                   {.partition_key = kPk,
                    .encryption = ddb::TableEncryptionV2::customer_managed_key(
                        key, {{"eu-west-1", "arn:aws:kms:eu-west-1:111111111111:key/k"}}),
                    .replicas = {{.region = "eu-west-1"}}});
    const Json p = resource(stack, t.resource().logical_id())["Properties"];
    EXPECT_EQ(p["SSESpecification"], Json({{"SSEEnabled", true}, {"SSEType", "KMS"}}));
    EXPECT_EQ(p["Replicas"][0]["SSESpecification"],
              Json({{"KMSMasterKeyId", "arn:aws:kms:eu-west-1:111111111111:key/k"}}));
    EXPECT_EQ(p["Replicas"][1]["SSESpecification"]["KMSMasterKeyId"],
              get_att(key.resource().logical_id(), "Arn"));
    EXPECT_EQ(t.encryption_key(), &key);
    t.add_replica({.region = "eu-west-2"});
    EXPECT_THROW((void)cdk::render_stack_template(stack), cdk::ValidationError);
}

TEST(TableV2, GrantsRenderAsTableBaseV2) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = kEnv});
    ddb::TableV2 t(stack, "T", {.partition_key = kPk, .dynamo_stream = ddb::StreamViewType::NewImage});
    iam::Role before(stack, "Before", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    t.grant_full_access(before);
    t.add_global_secondary_index({.index_name = "g", .partition_key = kSk});
    iam::Role after(stack, "After", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    t.grant_read_write_data(after);
    t.grant_stream_read(after);
    const std::string id = t.resource().logical_id();
    // The index ARN only once the table has an index at the time of the grant (eager, unlike Table's).
    EXPECT_EQ(policy_statements(stack, before)[0]["Resource"], get_att(id, "Arn"));
    const Json s = policy_statements(stack, after);
    ASSERT_EQ(s.size(), 4U);
    const Json index_arn =
        Json{{"Fn::Join", Json::array({"", Json::array({get_att(id, "Arn"), "/index/*"})})}};
    EXPECT_EQ(s[0]["Resource"][1], index_arn);
    EXPECT_EQ(s[1]["Action"], Json({"dynamodb:GetRecords", "dynamodb:GetShardIterator"}));
    EXPECT_EQ(s[2]["Action"], "dynamodb:ListStreams");
    EXPECT_EQ(s[2]["Resource"], get_att(id, "StreamArn"));
    EXPECT_EQ(s[3]["Action"],
              Json({"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}));
    EXPECT_THROW(t.grant_read_data(iam::ServicePrincipal("sqs.amazonaws.com")), cdk::ValidationError);
}

TEST(TableV2, ImportsByNameAndArn) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = kEnv});
    ddb::TableBaseV2& by_name = ddb::TableV2::from_table_name(stack, "ByName", "orders");
    EXPECT_NE(by_name.table_arn().find(":dynamodb:us-east-1:111111111111:table/orders"), std::string::npos);
    EXPECT_EQ(by_name.table_name(), "orders");
    EXPECT_FALSE(by_name.table_stream_arn().has_value());
    ddb::TableBaseV2& by_arn =
        ddb::TableV2::from_table_arn(stack, "ByArn", "arn:aws:dynamodb:eu-west-1:222222222222:table/other");
    EXPECT_EQ(by_arn.table_name(), "other");
    EXPECT_EQ(by_arn.resource_account(), "222222222222");
    EXPECT_THROW(
        (void)ddb::TableV2::from_table_arn(stack, "NoRegion", "arn:aws:dynamodb::222222222222:table/x"),
        cdk::ValidationError);
    EXPECT_THROW(
        (void)ddb::TableV2::from_table_attributes(stack, "Both", {.table_arn = "a", .table_name = "b"}),
        cdk::ValidationError);
    iam::Role role(stack, "Role", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    EXPECT_THROW(by_name.grant_stream_read(role), cdk::ValidationError);
    by_arn.grant_write_data(role);
    EXPECT_EQ(policy_statements(stack, role)[0]["Resource"],
              "arn:aws:dynamodb:eu-west-1:222222222222:table/other");
}

TEST(TableV2, ResourcePolicyPerReplicaFlagKeepsTheTablesPolicyInTheStackRegion) {
    // aws-cdk-lib configureReplicaTable: with @aws-cdk/aws-dynamodb:resourcePolicyPerReplica the table's
    // policy goes to the stack region's replica only, the others keep their own (or none); without it every
    // replica without its own gets the table's.
    const auto replica_policies = [](bool flag) {
        cdk::App app({.context = {{"@aws-cdk/aws-dynamodb:resourcePolicyPerReplica", flag}}});
        cdk::Stack stack(app, "S", {.env = kEnv});
        iam::PolicyDocument table_policy;
        table_policy.add_statements({iam::PolicyStatement({.actions = {"dynamodb:GetItem"},
                                                           .principals = {iam::AccountRootPrincipal()},
                                                           .resources = {"*"}})});
        iam::PolicyDocument own;
        own.add_statements({iam::PolicyStatement({.actions = {"dynamodb:Query"},
                                                  .principals = {iam::AccountRootPrincipal()},
                                                  .resources = {"*"}})});
        ddb::TableV2 t(stack, "T", {.partition_key = kPk, .resource_policy = table_policy});
        t.add_replica({.region = "eu-west-1"});
        t.add_replica({.region = "us-west-2", .resource_policy = own});
        std::map<std::string, std::string> actions;
        const Json replicas = resource(stack, t.resource().logical_id())["Properties"]["Replicas"];
        for (const auto& r : replicas) {
            actions[r["Region"].get<std::string>()] =
                r.contains("ResourcePolicy")
                    ? r["ResourcePolicy"]["PolicyDocument"]["Statement"][0]["Action"].get<std::string>()
                    : "";
        }
        return actions;
    };
    EXPECT_EQ(replica_policies(false), (std::map<std::string, std::string>{{"eu-west-1", "dynamodb:GetItem"},
                                                                           {"us-east-1", "dynamodb:GetItem"},
                                                                           {"us-west-2", "dynamodb:Query"}}));
    EXPECT_EQ(replica_policies(true),
              (std::map<std::string, std::string>{
                  {"eu-west-1", ""}, {"us-east-1", "dynamodb:GetItem"}, {"us-west-2", "dynamodb:Query"}}));
}
