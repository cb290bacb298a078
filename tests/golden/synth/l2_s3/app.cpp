// Golden case l2_s3 (see ../README.md): the C++ twin of ts/app.ts.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/s3/bucket.hpp"

namespace iam = cdk::iam;
namespace s3 = cdk::s3;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "BucketStack");
    s3::Bucket data(
        stack, "Data",
        {.encryption = s3::BucketEncryption::Kms,
         .versioned = true,
         .block_public_access = s3::BlockPublicAccess::BLOCK_ALL,
         .enforce_ssl = true,
         .lifecycle_rules = {{.id = "expire-tmp", .prefix = "tmp/", .expiration = cdk::Duration::days(7)},
                             {.noncurrent_version_expiration = cdk::Duration::days(30),
                              .abort_incomplete_multipart_upload_after = cdk::Duration::days(1)}}});
    s3::Bucket logs(stack, "Logs",
                    {.bucket_name = "app-logs-bucket",
                     .encryption = s3::BucketEncryption::S3Managed,
                     .removal_policy = cdk::RemovalPolicy::Destroy});
    s3::Bucket plain(stack, "Plain");
    iam::Role reader(stack, "Reader", {.assumed_by = iam::ServicePrincipal("ec2.amazonaws.com")});
    data.grant_read(reader);
    logs.grant_write(reader);
    iam::Role writer(stack, "Writer", {.assumed_by = iam::ServicePrincipal("ec2.amazonaws.com")});
    data.grant_read_write(writer);
    data.grant_put(writer);
    data.grant_delete(writer, "tmp/*");
    s3::IBucket& imported = s3::Bucket::from_bucket_name(stack, "Imported", "existing-bucket");
    imported.grant_read(reader);
    cdk::CfnOutput data_arn(stack, "DataArn", {.value = data.bucket_arn()});
    cdk::CfnOutput data_name(stack, "DataName", {.value = data.bucket_name()});
    app.synth();
    return 0;
}
