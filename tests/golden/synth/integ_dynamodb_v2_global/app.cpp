// Golden case integ_dynamodb_v2_global (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.table-v2-global.ts without its Kinesis stream.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "constructs/tags.hpp"
#include "lib/dynamodb/table_v2.hpp"

namespace ddb = cdk::dynamodb;

int main() {
    cdk::App app;
    cdk::Tags::of(app).add("stage", "IntegTest");
    cdk::Stack stack(app, "aws-cdk-global-table", {.env = cdk::Environment{.region = "us-east-1"}});

    const ddb::Attribute pk{"pk", ddb::AttributeType::String};
    const ddb::Attribute sk{"sk", ddb::AttributeType::Number};
    ddb::TableV2 table(
        stack, "GlobalTable",
        {.partition_key = pk,
         .sort_key = sk,
         .billing = ddb::Billing::provisioned(
             {.read_capacity = ddb::Capacity::fixed(10),
              .write_capacity = ddb::Capacity::autoscaled(
                  {.max_capacity = 20, .target_utilization_percent = 60, .seed_capacity = 10})}),
         .encryption = ddb::TableEncryptionV2::aws_managed_key(),
         .time_to_live_attribute = "attr",
         .point_in_time_recovery = true,
         .contributor_insights_specification = ddb::ContributorInsightsSpecification{.enabled = true},
         .table_class = ddb::TableClass::StandardInfrequentAccess,
         .tags = {{"primaryTableTagKey", "primaryTableTagValue"}},
         .removal_policy = cdk::RemovalPolicy::Destroy,
         .global_secondary_indexes = {{.index_name = "gsi1",
                                       .partition_key = pk,
                                       .read_capacity = ddb::Capacity::fixed(10)},
                                      {.index_name = "gsi2",
                                       .partition_key = pk,
                                       .write_capacity = ddb::Capacity::autoscaled({.max_capacity = 30})}},
         .local_secondary_indexes = {{.index_name = "lsi", .sort_key = sk}},
         .replicas = {
             {.region = "us-east-2",
              .read_capacity = ddb::Capacity::autoscaled({.min_capacity = 5, .max_capacity = 25}),
              .global_secondary_index_options = {{"gsi2",
                                                  {.contributor_insights_specification =
                                                       ddb::ContributorInsightsSpecification{.enabled =
                                                                                                 false}}}},
              .tags = {{"USE2ReplicaTagKey", "USE2ReplicaTagValue"}}},
             {.region = "us-west-2",
              .contributor_insights_specification = ddb::ContributorInsightsSpecification{.enabled = false},
              .table_class = ddb::TableClass::Standard,
              .global_secondary_index_options = {{"gsi1", {.read_capacity = ddb::Capacity::fixed(15)}}},
              .tags = {{"USW2ReplicaTagKey", "USW2ReplicaTagValue"}}}}});
    cdk::Tags::of(table).add("tagAspectKey", "tagAspectValue");

    app.synth();
    return 0;
}
