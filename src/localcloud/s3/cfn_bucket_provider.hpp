#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/s3/s3_backend.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::s3 {

/// AWS::S3::Bucket: creates the bucket through the S3 backend (s3:CreateBucket) and stores its
/// configuration (encryption, versioning, public access block, lifecycle, tags, CORS, website, ownership)
/// as the S3 API would, each authorized as its own s3:Put… action. Ref = bucket name; attributes Arn,
/// DomainName, RegionalDomainName, DualStackDomainName, WebsiteURL.
class CfnBucketProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnBucketProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::S3::Bucket"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
    S3Backend backend_;
};

/// AWS::S3::BucketPolicy: s3:PutBucketPolicy / s3:DeleteBucketPolicy. Ref = bucket name.
class CfnBucketPolicyProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnBucketPolicyProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::S3::BucketPolicy"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
    S3Backend backend_;
};

/// The S3 configuration XML (as PutBucket<X> sends it) for a CloudFormation bucket property, e.g.
/// `BucketEncryption` → ServerSideEncryptionConfiguration. Exposed for tests.
[[nodiscard]] std::string bucket_config_xml(const std::string& property, const Json& value);

} // namespace cdk::localcloud::s3
