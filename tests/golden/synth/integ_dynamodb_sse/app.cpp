// Golden case integ_dynamodb_sse (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.dynamodb.sse.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "constructs/tags.hpp"
#include "lib/dynamodb/table.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"

namespace ddb = cdk::dynamodb;
namespace iam = cdk::iam;

namespace {

const ddb::Attribute kHashKey{"hashKey", ddb::AttributeType::String};
const ddb::Attribute kSortKey{"sortKey", ddb::AttributeType::Number};
const ddb::Attribute kGsiHashKey{"gsiHashKey", ddb::AttributeType::String};
const ddb::Attribute kGsiSortKey{"gsiSortKey", ddb::AttributeType::Number};
const ddb::Attribute kLsiSortKey{"lsiSortKey", ddb::AttributeType::Number};

std::vector<std::string> letters(char from, int count) {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i)
        out.emplace_back(1, static_cast<char>(from + i));
    return out;
}

/// The indexes integ.dynamodb.ts adds to TableWithGlobalAndLocalSecondaryIndex.
void add_all_indexes(ddb::Table& t) {
    t.add_global_secondary_index({.index_name = "GSI-PartitionKeyOnly", .partition_key = kGsiHashKey});
    t.add_global_secondary_index({.index_name = "GSI-PartitionAndSortKeyWithReadAndWriteCapacity",
                                  .partition_key = kGsiHashKey,
                                  .sort_key = kGsiSortKey,
                                  .read_capacity = 10,
                                  .write_capacity = 10});
    t.add_global_secondary_index({.index_name = "GSI-ProjectionTypeKeysOnly",
                                  .partition_key = kGsiHashKey,
                                  .sort_key = kGsiSortKey,
                                  .projection_type = ddb::ProjectionType::KeysOnly});
    t.add_global_secondary_index({.index_name = "GSI-ProjectionTypeInclude",
                                  .partition_key = kGsiHashKey,
                                  .sort_key = kGsiSortKey,
                                  .projection_type = ddb::ProjectionType::Include,
                                  .non_key_attributes = letters('A', 10)});
    t.add_global_secondary_index(
        {.index_name = "GSI-InverseTableKeySchema", .partition_key = kSortKey, .sort_key = kHashKey});
    t.add_local_secondary_index({.index_name = "LSI-PartitionAndTableSortKey", .sort_key = kLsiSortKey});
    t.add_local_secondary_index({.index_name = "LSI-PartitionAndSortKey", .sort_key = kSortKey});
    t.add_local_secondary_index({.index_name = "LSI-ProjectionTypeKeysOnly",
                                 .sort_key = kLsiSortKey,
                                 .projection_type = ddb::ProjectionType::KeysOnly});
    t.add_local_secondary_index({.index_name = "LSI-ProjectionTypeInclude",
                                 .sort_key = kLsiSortKey,
                                 .projection_type = ddb::ProjectionType::Include,
                                 .non_key_attributes = letters('K', 10)});
}

} // namespace

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-dynamodb");
    const auto destroy = cdk::RemovalPolicy::Destroy;

    ddb::Table table(stack, "Table",
                     {.partition_key = kHashKey,
                      .encryption = ddb::TableEncryption::CustomerManaged,
                      .removal_policy = destroy});

    ddb::Table both(stack, "TableWithGlobalAndLocalSecondaryIndex",
                    {.partition_key = kHashKey,
                     .sort_key = kSortKey,
                     .stream = ddb::StreamViewType::KeysOnly,
                     .time_to_live_attribute = "timeToLive",
                     .point_in_time_recovery_specification = ddb::PointInTimeRecoverySpecification{true},
                     .encryption = ddb::TableEncryption::AwsManaged,
                     .removal_policy = destroy});
    cdk::Tags::of(both).add("Environment", "Production");
    add_all_indexes(both);

    cdk::kms::Key key(stack, "Key", {.enable_key_rotation = true});
    ddb::Table with_gsi(stack, "TableWithGlobalSecondaryIndex",
                        {.partition_key = kHashKey, .encryption_key = &key, .removal_policy = destroy});
    with_gsi.add_global_secondary_index({.index_name = "GSI-PartitionKeyOnly", .partition_key = kGsiHashKey});

    ddb::Table with_lsi(stack, "TableWithLocalSecondaryIndex",
                        {.partition_key = kHashKey,
                         .sort_key = kSortKey,
                         .encryption = ddb::TableEncryption::Default,
                         .removal_policy = destroy});
    with_lsi.add_local_secondary_index({.index_name = "LSI-PartitionAndSortKey", .sort_key = kLsiSortKey});

    iam::Role role(stack, "Role", {.assumed_by = iam::ServicePrincipal("sqs.amazonaws.com")});
    table.grant_read_data(role);
    both.grant_read_data(role);

    app.synth();
    return 0;
}
