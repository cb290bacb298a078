// Golden case integ_dynamodb_v2_max_request_units (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.dynamodb-v2.max-request-units.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/dynamodb/table_v2.hpp"

namespace ddb = cdk::dynamodb;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-global-table", {.env = cdk::Environment{.region = "us-east-1"}});

    ddb::TableV2 table(stack, "GlobalTable",
                       {.partition_key = {"pk", ddb::AttributeType::String},
                        .sort_key = ddb::Attribute{"sk", ddb::AttributeType::Number},
                        .table_name = "my-global-table",
                        .billing = ddb::Billing::on_demand({.max_write_request_units = 10}),
                        .removal_policy = cdk::RemovalPolicy::Destroy,
                        .global_secondary_indexes = {{.index_name = "gsi2",
                                                      .partition_key = {"pk", ddb::AttributeType::String},
                                                      .max_read_request_units = 2001,
                                                      .max_write_request_units = 2001}},
                        .replicas = {{.region = "eu-west-1", .max_read_request_units = 222}}});

    app.synth();
    return 0;
}
