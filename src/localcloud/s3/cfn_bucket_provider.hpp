#pragma once

#include "localcloud/s3/s3_backend.hpp"
#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::s3 {

/// AWS::S3::Bucket: creates the bucket through the S3 backend (s3:CreateBucket) and stores its
/// configuration (encryption, versioning, public access block, lifecycle, tags, CORS, website, ownership)
/// as the S3 API would, each authorized as its own s3:Put… action. Ref = bucket name; attributes Arn,
/// DomainName, RegionalDomainName, DualStackDomainName, WebsiteURL.
CDK_CFN_PROVIDER(CfnBucketProvider);

/// AWS::S3::BucketPolicy: s3:PutBucketPolicy / s3:DeleteBucketPolicy. Ref = bucket name.
CDK_CFN_PROVIDER(CfnBucketPolicyProvider);

/// The S3 configuration a CloudFormation bucket property stands for, as a value of the S3 model's shape that
/// PutBucket<X> carries and the bucket stores (`BucketEncryption` → ServerSideEncryptionConfiguration,
/// `Tags` → Tagging ...). Exposed for tests.
[[nodiscard]] Json bucket_config(const std::string& property, const Json& value);

} // namespace cdk::localcloud::s3
