// Golden case integ_dynamodb_v2_pitr (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.dynamodb-v2.pitr.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/dynamodb/table_v2.hpp"

namespace ddb = cdk::dynamodb;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "PITR-Integ-Test", {.env = cdk::Environment{.region = "eu-west-1"}});

    ddb::TableV2 table(
        stack, "TableTestV2",
        {.partition_key = {"id", ddb::AttributeType::String},
         .point_in_time_recovery_specification =
             ddb::PointInTimeRecoverySpecification{.point_in_time_recovery_enabled = true,
                                                   .recovery_period_in_days = 10},
         .removal_policy = cdk::RemovalPolicy::Destroy,
         .replicas = {{.region = "eu-west-2",
                       .point_in_time_recovery_specification = ddb::PointInTimeRecoverySpecification{
                           .point_in_time_recovery_enabled = true, .recovery_period_in_days = 5}}}});

    app.synth();
    return 0;
}
