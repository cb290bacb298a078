// Golden case l2_dynamodb (see ../README.md): the C++ twin of ts/app.ts.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/dynamodb/table.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"

namespace ddb = cdk::dynamodb;
namespace iam = cdk::iam;
namespace kms = cdk::kms;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "TableStack");

    ddb::Table items(stack, "Items",
                     {.partition_key = {"pk", ddb::AttributeType::String},
                      .sort_key = ddb::Attribute{"sk", ddb::AttributeType::Number},
                      .table_name = "items",
                      .billing_mode = ddb::BillingMode::PayPerRequest,
                      .stream = ddb::StreamViewType::NewAndOldImages,
                      .time_to_live_attribute = "expires",
                      .point_in_time_recovery = true,
                      .removal_policy = cdk::RemovalPolicy::Destroy});
    items.add_global_secondary_index({.index_name = "byOwner",
                                      .partition_key = {"owner", ddb::AttributeType::String},
                                      .sort_key = ddb::Attribute{"created", ddb::AttributeType::Number},
                                      .projection_type = ddb::ProjectionType::KeysOnly});
    items.add_local_secondary_index({.index_name = "byStatus",
                                     .sort_key = {"status", ddb::AttributeType::String},
                                     .projection_type = ddb::ProjectionType::Include,
                                     .non_key_attributes = {"title"}});

    ddb::Table provisioned(stack, "Provisioned",
                           {.partition_key = {"id", ddb::AttributeType::Binary},
                            .billing_mode = ddb::BillingMode::Provisioned,
                            .read_capacity = 10,
                            .write_capacity = 4,
                            .encryption = ddb::TableEncryption::AwsManaged});
    provisioned.add_global_secondary_index(
        {.index_name = "byName", .partition_key = {"name", ddb::AttributeType::String}, .read_capacity = 2});

    ddb::Table encrypted(stack, "Encrypted",
                         {.partition_key = {"id", ddb::AttributeType::String},
                          .billing_mode = ddb::BillingMode::PayPerRequest,
                          .encryption = ddb::TableEncryption::CustomerManaged,
                          .removal_policy = cdk::RemovalPolicy::Destroy});

    kms::Key key(stack, "TableKey", {.description = "table key"});
    ddb::Table with_key(stack, "WithKey",
                        {.partition_key = {"id", ddb::AttributeType::String},
                         .stream = ddb::StreamViewType::KeysOnly,
                         .encryption_key = &key});

    ddb::Table owned(stack, "Owned",
                     {.partition_key = {"id", ddb::AttributeType::Number},
                      .billing_mode = ddb::BillingMode::PayPerRequest,
                      .max_read_request_units = 100,
                      .max_write_request_units = 50,
                      .encryption = ddb::TableEncryption::Default,
                      .table_class = ddb::TableClass::StandardInfrequentAccess,
                      .deletion_protection = true});

    iam::Role reader(stack, "Reader", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    items.grant_read_data(reader);
    with_key.grant_read_data(reader);
    ddb::ITable& existing = ddb::Table::from_table_name(stack, "Existing", "existing-table");
    existing.grant_read_data(reader);

    iam::Role writer(stack, "Writer", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    items.grant_write_data(writer);
    encrypted.grant_read_write_data(writer);
    ddb::ITable& by_arn = ddb::Table::from_table_arn(
        stack, "ByArn", "arn:aws:dynamodb:ap-southeast-2:111111111111:table/other");
    by_arn.grant_write_data(writer);

    iam::Role admin(stack, "Admin", {.assumed_by = iam::AccountRootPrincipal()});
    provisioned.grant_full_access(admin);
    items.grant(admin, {"dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive"});
    items.grant_stream_read(admin);
    with_key.grant_stream(admin, {"dynamodb:DescribeStream"});
    encrypted.grant_full_access(admin);
    items.grant_table_list_streams(admin);

    provisioned.grant_read_data(iam::AccountPrincipal("222222222222"));

    cdk::CfnOutput table_arn(stack, "TableArn", {.value = items.table_arn()});
    cdk::CfnOutput table_name(stack, "TableName", {.value = items.table_name()});
    cdk::CfnOutput stream_arn(stack, "StreamArn", {.value = *items.table_stream_arn()});
    cdk::CfnOutput existing_arn(stack, "ExistingArn", {.value = existing.table_arn()});
    cdk::CfnOutput by_arn_name(stack, "ByArnName", {.value = by_arn.table_name()});
    app.synth();
    return 0;
}
