// Golden case integ_dynamodb_v2_grants (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.table-v2-grants.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/dynamodb/table_v2.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"

namespace ddb = cdk::dynamodb;
namespace iam = cdk::iam;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "TableV2GrantsStack",
                     {.env = cdk::Environment{.account = "123456789012", .region = "us-east-1"}});

    cdk::kms::Key key(stack, "TableKey", {.enable_key_rotation = true});
    ddb::TableV2 table(stack, "Table",
                       {.partition_key = {"pk", ddb::AttributeType::String},
                        .encryption = ddb::TableEncryptionV2::customer_managed_key(key)});
    iam::Role role(stack, "Role", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    table.grant_read_data(role);
    table.grant_write_data(role);

    app.synth();
    return 0;
}
