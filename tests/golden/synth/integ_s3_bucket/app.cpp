// Golden case integ_s3_bucket (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's integ.bucket.ts; the
// App gets the context of ts/cdk.json.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/user.hpp"
#include "lib/s3/bucket.hpp"

namespace s3 = cdk::s3;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "aws-cdk-s3");

    s3::Bucket bucket(stack, "MyBucket",
                      {.encryption = s3::BucketEncryption::Kms,
                       .enforce_ssl = true,
                       .removal_policy = cdk::RemovalPolicy::Retain});
    s3::Bucket otherwise_encrypted(
        stack, "MyOtherBucket",
        {.encryption = s3::BucketEncryption::S3Managed, .removal_policy = cdk::RemovalPolicy::Destroy});

    cdk::iam::User user(stack, "MyUser");
    bucket.grant_read_write(user);
    otherwise_encrypted.grant_read(user);

    app.synth();
}
