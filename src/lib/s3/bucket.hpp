#pragma once

#include "cfn/cfn_resource.hpp"
#include "cfn/duration.hpp"
#include "constructs/construct.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/policy_document.hpp"
#include "lib/iam/resource_policy.hpp"
#include "lib/kms/key.hpp"
#include "lib/s3/generated/cfn_s3.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::s3 {

class BucketPolicy;

/// A bucket, created here or imported (CDK: IBucket).
class IBucket : public iam::IResourceWithPolicy {
public:
    [[nodiscard]] virtual std::string bucket_arn() const = 0;
    [[nodiscard]] virtual std::string bucket_name() const = 0;
    /// The key objects are encrypted with, if a customer managed key.
    [[nodiscard]] virtual kms::IKey* encryption_key() const { return nullptr; }
    [[nodiscard]] virtual Construct& bucket_construct() = 0;

    /// `<bucket arn>/<pattern>`.
    [[nodiscard]] std::string arn_for_objects(const std::string& key_pattern) const {
        return bucket_arn() + "/" + key_pattern;
    }
    /// `s3:GetObject*`, `s3:GetBucket*`, `s3:List*` (and `kms:Decrypt`, `kms:DescribeKey` on the key).
    iam::Grant grant_read(const iam::IGrantable& grantee, const std::string& objects_key_pattern = "*");
    /// Delete and put actions on the bucket and objects (and encrypt on the key).
    iam::Grant grant_write(const iam::IGrantable& grantee, const std::string& objects_key_pattern = "*");
    /// Put actions on objects (and encrypt/decrypt on the key).
    iam::Grant grant_put(const iam::IGrantable& grantee, const std::string& objects_key_pattern = "*");
    /// `s3:PutObjectAcl`, `s3:PutObjectVersionAcl` on the objects (CDK: grantPutAcl).
    iam::Grant grant_put_acl(const iam::IGrantable& grantee, const std::string& objects_key_pattern = "*");
    /// `s3:DeleteObject*` on objects.
    iam::Grant grant_delete(const iam::IGrantable& grantee, const std::string& objects_key_pattern = "*");
    /// Read, delete and put (and the key's read and write actions).
    iam::Grant grant_read_write(const iam::IGrantable& grantee, const std::string& objects_key_pattern = "*");
    [[nodiscard]] std::string resource_account() const override;

private:
    iam::Grant grant(const iam::IGrantable& grantee, const std::vector<std::string>& bucket_actions,
                     const std::vector<std::string>& key_actions,
                     const std::vector<std::string>& resource_arns);
};

/// Server-side encryption of a bucket (CDK: BucketEncryption).
/// `Dsse`: dual-layer SSE with a KMS key (the given `encryption_key`, or a `Key` child without rotation, as
/// aws-cdk-lib); `DsseManaged`: dual-layer SSE with the AWS managed key.
enum class BucketEncryption { Unencrypted, S3Managed, KmsManaged, Kms, Dsse, DsseManaged };

/// Public-access block settings (CDK: BlockPublicAccess).
struct BlockPublicAccess {
    std::optional<bool> block_public_acls;
    std::optional<bool> block_public_policy;
    std::optional<bool> ignore_public_acls;
    std::optional<bool> restrict_public_buckets;

    static const BlockPublicAccess BLOCK_ALL;
    static const BlockPublicAccess BLOCK_ACLS;
    /// The ACL settings true and the policy settings false (also with
    /// @aws-cdk/aws-s3:publicAccessBlockedByDefault).
    static const BlockPublicAccess BLOCK_ACLS_ONLY;
};

/// A transition to another storage class (CDK: Transition).
struct Transition {
    /// e.g. `GLACIER`, `STANDARD_IA`, `INTELLIGENT_TIERING`, `DEEP_ARCHIVE`.
    std::string storage_class;
    std::optional<Duration> transition_after;
};

/// One lifecycle rule (CDK: LifecycleRule).
struct LifecycleRule {
    std::string id;
    bool enabled = true;
    std::string prefix;
    std::optional<Duration> expiration;
    /// Expire objects on this date (CDK: `expirationDate`): `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.sss]Z`
    /// (UTC), rendered as CloudFormation's `YYYY-MM-DDTHH:MM:SSZ`.
    std::string expiration_date;
    /// Apply the rule only to objects larger / smaller than this many bytes.
    std::optional<double> object_size_greater_than;
    std::optional<double> object_size_less_than;
    std::optional<Duration> noncurrent_version_expiration;
    std::optional<double> noncurrent_versions_to_retain;
    std::optional<Duration> abort_incomplete_multipart_upload_after;
    std::optional<bool> expired_object_delete_marker;
    std::vector<Transition> transitions;
    std::vector<Transition> noncurrent_version_transitions;
    std::map<std::string, std::string> tag_filters;
};

/// The smallest object a lifecycle transition moves by default (CDK: TransitionDefaultMinimumObjectSize).
enum class TransitionDefaultMinimumObjectSize {
    AllStorageClasses128K, ///< `all_storage_classes_128K`
    VariesByStorageClass,  ///< `varies_by_storage_class`
};

/// Props of a Bucket (CDK: BucketProps).
struct BucketProps {
    std::string bucket_name;
    /// Default: Unencrypted unless `encryption_key` is given (then Kms).
    std::optional<BucketEncryption> encryption;
    /// For Kms: the key to use; by default a `Key` child with rotation is created.
    kms::IKey* encryption_key = nullptr;
    std::optional<bool> bucket_key_enabled;
    bool versioned = false;
    std::optional<BlockPublicAccess> block_public_access;
    /// Deny every request that does not use TLS (a BucketPolicy statement).
    bool enforce_ssl = false;
    /// Default RETAIN, as the CDK.
    std::optional<RemovalPolicy> removal_policy;
    std::vector<LifecycleRule> lifecycle_rules;
    /// Rendered in the lifecycle configuration, so only with lifecycle rules (as aws-cdk-lib).
    std::optional<TransitionDefaultMinimumObjectSize> transition_default_minimum_object_size;
};

/// An S3 bucket (CDK: Bucket), rendered as `AWS::S3::Bucket` (+ `Policy` and `Key` children when needed).
class Bucket : public Construct, public IBucket {
public:
    Bucket(Construct& scope, std::string_view id, const BucketProps& props = {});

    /// An existing bucket by name (ARN `arn:<partition>:s3:::<name>`).
    [[nodiscard]] static IBucket& from_bucket_name(Construct& scope, std::string_view id,
                                                   const std::string& name);
    /// An existing bucket by ARN.
    [[nodiscard]] static IBucket& from_bucket_arn(Construct& scope, std::string_view id,
                                                  const std::string& arn);

    [[nodiscard]] std::string bucket_arn() const override { return resource_->attr_arn(); }
    [[nodiscard]] std::string bucket_name() const override { return resource_->ref(); }
    [[nodiscard]] std::string bucket_domain_name() const { return resource_->attr_domain_name(); }
    [[nodiscard]] std::string bucket_regional_domain_name() const {
        return resource_->get_att("RegionalDomainName");
    }
    [[nodiscard]] kms::IKey* encryption_key() const override { return key_; }
    [[nodiscard]] Construct& bucket_construct() override { return *this; }
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override;
    void add_lifecycle_rule(const LifecycleRule& rule) { lifecycle_rules_.push_back(rule); }
    /// The bucket policy, null until a statement is added.
    [[nodiscard]] BucketPolicy* policy() const { return policy_; }
    [[nodiscard]] CfnBucket& resource() { return *resource_; }

private:
    kms::IKey* key_ = nullptr;
    BucketPolicy* policy_ = nullptr;
    std::vector<LifecycleRule> lifecycle_rules_;
    CfnBucket* resource_ = nullptr;
};

/// Props of a BucketPolicy (CDK: BucketPolicyProps).
struct BucketPolicyProps {
    IBucket* bucket = nullptr;
    std::optional<RemovalPolicy> removal_policy;
};

/// The resource policy of a bucket (CDK: BucketPolicy), rendered as `AWS::S3::BucketPolicy`.
class BucketPolicy : public iam::ResourcePolicy {
public:
    BucketPolicy(Construct& scope, std::string_view id, const BucketPolicyProps& props);
};

} // namespace cdk::s3
