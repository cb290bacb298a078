// Golden case integ_s3_lifecycle (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's integ.lifecycle.ts;
// the App gets the context of ts/cdk.json.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/s3/bucket.hpp"

namespace s3 = cdk::s3;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "aws-cdk-s3");

    // Test a lifecycle rule with an expiration DATE
    s3::Bucket bucket(stack, "MyBucket",
                      {.removal_policy = cdk::RemovalPolicy::Destroy,
                       .lifecycle_rules = {{.expiration_date = "2019-10-01"},
                                           {.expiration_date = "2019-10-01",
                                            .object_size_greater_than = 500,
                                            .object_size_less_than = 600}}});

    app.synth();
}
