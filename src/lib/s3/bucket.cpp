#include "lib/s3/bucket.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/arn.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

#include <regex>

namespace cdk::s3 {
namespace {

// aws-cdk-lib aws-s3/lib/perms.js
const std::vector<std::string> kReadActions = {"s3:GetObject*", "s3:GetBucket*", "s3:List*"};
const std::vector<std::string> kDeleteActions = {"s3:DeleteObject*"};
const std::vector<std::string> kPutActions = {
    "s3:PutObject",        "s3:PutObjectLegalHold",      "s3:PutObjectRetention",
    "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:Abort*"};
const std::vector<std::string> kKeyReadActions = {"kms:Decrypt", "kms:DescribeKey"};
const std::vector<std::string> kKeyWriteActions = {"kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                                                   "kms:Decrypt"};

std::vector<std::string> concat(std::initializer_list<const std::vector<std::string>*> parts) {
    std::vector<std::string> out;
    for (const auto* p : parts)
        out.insert(out.end(), p->begin(), p->end());
    return out;
}

/// A bucket defined outside the app (CDK: Bucket.fromBucketAttributes); it gets no policy.
class ImportedBucket : public Construct, public IBucket {
public:
    ImportedBucket(Construct& scope, std::string_view id, std::string name, std::string arn)
        : Construct(scope, id), name_(std::move(name)), arn_(std::move(arn)) {}
    std::string bucket_arn() const override { return arn_; }
    std::string bucket_name() const override { return name_; }
    Construct& bucket_construct() override { return *this; }
    iam::AddToResourcePolicyResult
    add_to_resource_policy(const iam::PolicyStatement& /*statement*/) override {
        return {};
    }

private:
    std::string name_;
    std::string arn_;
};

Json render_transition(const Transition& t) {
    Json out = {{"StorageClass", t.storage_class}};
    if (t.transition_after) out["TransitionInDays"] = t.transition_after->to_days();
    return out;
}

/// A date as CloudFormation wants it (CDK: dateToCloudFormation of a JavaScript Date):
/// `YYYY-MM-DDTHH:MM:SSZ`.
std::string cloudformation_date(const std::string& date) {
    static const std::regex pattern(R"(^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z)?$)");
    std::smatch m;
    if (!std::regex_match(date, m, pattern)) {
        throw ValidationError("lifecycle expiration_date '" + date +
                              "' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[.sss]Z (UTC)");
    }
    return m[1].str() + "T" + (m[2].matched ? m[2].str() : std::string("00:00:00")) + "Z";
}

Json render_rule(const LifecycleRule& rule) {
    if (rule.expired_object_delete_marker.value_or(false) &&
        (rule.expiration || !rule.expiration_date.empty() || !rule.tag_filters.empty())) {
        throw ValidationError(
            "ExpiredObjectDeleteMarker cannot be specified with expiration, ExpirationDate, or "
            "TagFilters.");
    }
    Json out = {{"Status", rule.enabled ? "Enabled" : "Disabled"}};
    if (!rule.expiration_date.empty()) out["ExpirationDate"] = cloudformation_date(rule.expiration_date);
    if (rule.object_size_greater_than) out["ObjectSizeGreaterThan"] = *rule.object_size_greater_than;
    if (rule.object_size_less_than) out["ObjectSizeLessThan"] = *rule.object_size_less_than;
    if (rule.abort_incomplete_multipart_upload_after) {
        out["AbortIncompleteMultipartUpload"] = {
            {"DaysAfterInitiation", rule.abort_incomplete_multipart_upload_after->to_days()}};
    }
    if (rule.expiration) out["ExpirationInDays"] = rule.expiration->to_days();
    if (!rule.id.empty()) out["Id"] = rule.id;
    if (rule.noncurrent_version_expiration) {
        Json e = {{"NoncurrentDays", rule.noncurrent_version_expiration->to_days()}};
        if (rule.noncurrent_versions_to_retain)
            e["NewerNoncurrentVersions"] = *rule.noncurrent_versions_to_retain;
        out["NoncurrentVersionExpiration"] = e;
    }
    if (!rule.noncurrent_version_transitions.empty()) {
        Json list = Json::array();
        for (const auto& t : rule.noncurrent_version_transitions) {
            Json item = {{"StorageClass", t.storage_class}};
            if (t.transition_after) item["TransitionInDays"] = t.transition_after->to_days();
            list.push_back(item);
        }
        out["NoncurrentVersionTransitions"] = list;
    }
    if (!rule.prefix.empty()) out["Prefix"] = rule.prefix;
    if (!rule.transitions.empty()) {
        Json list = Json::array();
        for (const auto& t : rule.transitions)
            list.push_back(render_transition(t));
        out["Transitions"] = list;
    }
    if (rule.expired_object_delete_marker)
        out["ExpiredObjectDeleteMarker"] = *rule.expired_object_delete_marker;
    if (!rule.tag_filters.empty()) {
        Json list = Json::array();
        for (const auto& [k, v] : rule.tag_filters)
            list.push_back({{"Key", k}, {"Value", v}});
        out["TagFilters"] = list;
    }
    return out;
}

} // namespace

const BlockPublicAccess BlockPublicAccess::BLOCK_ALL{true, true, true, true};
const BlockPublicAccess BlockPublicAccess::BLOCK_ACLS{true, std::nullopt, true, std::nullopt};
const BlockPublicAccess BlockPublicAccess::BLOCK_ACLS_ONLY{true, false, true, false};

std::string IBucket::resource_account() const {
    return Stack::of(const_cast<IBucket*>(this)->bucket_construct()).account();
}

iam::Grant IBucket::grant(const iam::IGrantable& grantee, const std::vector<std::string>& bucket_actions,
                          const std::vector<std::string>& key_actions,
                          const std::vector<std::string>& resource_arns) {
    iam::Grant result = iam::Grant::add_to_principal_or_resource(
        {.grantee = grantee, .actions = bucket_actions, .resource_arns = resource_arns, .resource = *this});
    if (kms::IKey* key = encryption_key(); key != nullptr && !key_actions.empty())
        key->grant(grantee, key_actions);
    return result;
}

iam::Grant IBucket::grant_read(const iam::IGrantable& grantee, const std::string& pattern) {
    return grant(grantee, kReadActions, kKeyReadActions, {bucket_arn(), arn_for_objects(pattern)});
}

iam::Grant IBucket::grant_write(const iam::IGrantable& grantee, const std::string& pattern) {
    return grant(grantee, concat({&kDeleteActions, &kPutActions}), kKeyWriteActions,
                 {bucket_arn(), arn_for_objects(pattern)});
}

iam::Grant IBucket::grant_put(const iam::IGrantable& grantee, const std::string& pattern) {
    return grant(grantee, kPutActions, kKeyWriteActions, {arn_for_objects(pattern)});
}

iam::Grant IBucket::grant_put_acl(const iam::IGrantable& grantee, const std::string& pattern) {
    return grant(grantee, {"s3:PutObjectAcl", "s3:PutObjectVersionAcl"}, {}, {arn_for_objects(pattern)});
}

iam::Grant IBucket::grant_delete(const iam::IGrantable& grantee, const std::string& pattern) {
    return grant(grantee, kDeleteActions, {}, {arn_for_objects(pattern)});
}

iam::Grant IBucket::grant_read_write(const iam::IGrantable& grantee, const std::string& pattern) {
    return grant(grantee, concat({&kReadActions, &kDeleteActions, &kPutActions}),
                 concat({&kKeyReadActions, &kKeyWriteActions}), {bucket_arn(), arn_for_objects(pattern)});
}

Bucket::Bucket(Construct& scope, std::string_view id, const BucketProps& props)
    : Construct(scope, id), lifecycle_rules_(props.lifecycle_rules) {
    BucketEncryption encryption = props.encryption.value_or(
        props.encryption_key != nullptr ? BucketEncryption::Kms : BucketEncryption::Unencrypted);
    if (props.encryption_key != nullptr && encryption != BucketEncryption::Kms &&
        encryption != BucketEncryption::Dsse) {
        throw ValidationError("bucket '" + node().id() +
                                  "' has an encryption_key but encryption is not Kms or Dsse; "
                                  "leave encryption unset or set it to Kms or Dsse",
                              node().path());
    }
    CfnBucketProps cfn;
    Json sse;
    switch (encryption) {
    case BucketEncryption::Unencrypted: break;
    case BucketEncryption::S3Managed: sse = {{"SSEAlgorithm", "AES256"}}; break;
    case BucketEncryption::KmsManaged: sse = {{"SSEAlgorithm", "aws:kms"}}; break;
    case BucketEncryption::Kms:
        key_ = props.encryption_key;
        if (key_ == nullptr) {
            key_ = &make<kms::Key>(
                *this, "Key",
                kms::KeyProps{.description = "Created by " + node().path(), .enable_key_rotation = true});
        }
        sse = {{"SSEAlgorithm", "aws:kms"}, {"KMSMasterKeyID", key_->key_arn()}};
        break;
    case BucketEncryption::Dsse:
        key_ = props.encryption_key;
        if (key_ == nullptr) {
            key_ = &make<kms::Key>(*this, "Key", kms::KeyProps{.description = "Created by " + node().path()});
        }
        sse = {{"SSEAlgorithm", "aws:kms:dsse"}, {"KMSMasterKeyID", key_->key_arn()}};
        break;
    case BucketEncryption::DsseManaged: sse = {{"SSEAlgorithm", "aws:kms:dsse"}}; break;
    }
    if (!sse.is_null()) {
        Json rule = {{"ServerSideEncryptionByDefault", sse}};
        if (props.bucket_key_enabled) rule["BucketKeyEnabled"] = *props.bucket_key_enabled;
        cfn.bucket_encryption = Prop<CfnBucketBucketEncryptionProperty>::raw(
            {{"ServerSideEncryptionConfiguration", Json::array({rule})}});
    }
    if (!props.bucket_name.empty()) cfn.bucket_name = props.bucket_name;
    std::string minimum_object_size;
    if (props.transition_default_minimum_object_size) {
        minimum_object_size = *props.transition_default_minimum_object_size ==
                                      TransitionDefaultMinimumObjectSize::AllStorageClasses128K
                                  ? "all_storage_classes_128K"
                                  : "varies_by_storage_class";
    }
    cfn.lifecycle_configuration = Prop<CfnBucketLifecycleConfigurationProperty>::raw(
        Lazy::uncached_any([this, minimum_object_size](ResolveContext&) {
            if (lifecycle_rules_.empty()) return Token::undefined();
            Json rules = Json::array();
            for (const auto& r : lifecycle_rules_)
                rules.push_back(render_rule(r));
            Json out = {{"Rules", rules}};
            if (!minimum_object_size.empty()) out["TransitionDefaultMinimumObjectSize"] = minimum_object_size;
            return out;
        }));
    if (props.block_public_access) {
        BlockPublicAccess b = *props.block_public_access;
        // @aws-cdk/aws-s3:publicAccessBlockedByDefault: the settings not given are true
        // (setDefaultPublicAccessBlockConfig).
        if (iam::detail::flag_enabled(*this, "@aws-cdk/aws-s3:publicAccessBlockedByDefault")) {
            for (std::optional<bool>* setting : {&b.block_public_acls, &b.block_public_policy,
                                                 &b.ignore_public_acls, &b.restrict_public_buckets})
                *setting = setting->value_or(true);
        }
        Json block = Json::object();
        if (b.block_public_acls) block["BlockPublicAcls"] = *b.block_public_acls;
        if (b.block_public_policy) block["BlockPublicPolicy"] = *b.block_public_policy;
        if (b.ignore_public_acls) block["IgnorePublicAcls"] = *b.ignore_public_acls;
        if (b.restrict_public_buckets) block["RestrictPublicBuckets"] = *b.restrict_public_buckets;
        cfn.public_access_block_configuration =
            Prop<CfnBucketPublicAccessBlockConfigurationProperty>::raw(block);
    }
    if (props.versioned)
        cfn.versioning_configuration =
            Prop<CfnBucketVersioningConfigurationProperty>::raw({{"Status", "Enabled"}});
    resource_ = &make<CfnBucket>(*this, "Resource", cfn);
    resource_->apply_removal_policy(props.removal_policy.value_or(RemovalPolicy::Retain));

    if (props.enforce_ssl) {
        add_to_resource_policy(
            iam::PolicyStatement({.effect = iam::Effect::Deny,
                                  .actions = {"s3:*"},
                                  .principals = {iam::AnyPrincipal()},
                                  .resources = {bucket_arn(), arn_for_objects("*")},
                                  .conditions = {{"Bool", {{"aws:SecureTransport", "false"}}}}}));
    }
}

IBucket& Bucket::from_bucket_name(Construct& scope, std::string_view id, const std::string& name) {
    return make<ImportedBucket>(scope, id, name,
                                "arn:" + iam::detail::stack_partition(scope) + ":s3:::" + name);
}

IBucket& Bucket::from_bucket_arn(Construct& scope, std::string_view id, const std::string& arn) {
    const ArnComponents parts = Arn::split(arn, ArnFormat::SlashResourceName);
    if (!Token::is_unresolved(arn) && parts.service != "s3") {
        throw ValidationError("bucket ARN '" + arn + "' is not arn:<partition>:s3:::<name>");
    }
    const std::string name = parts.resource;
    return make<ImportedBucket>(scope, id, name, arn);
}

iam::AddToResourcePolicyResult Bucket::add_to_resource_policy(const iam::PolicyStatement& statement) {
    return iam::add_to_resource_policy(*this, policy_, statement, BucketPolicyProps{.bucket = this});
}

BucketPolicy::BucketPolicy(Construct& scope, std::string_view id, const BucketPolicyProps& props)
    : ResourcePolicy(scope, id) {
    if (props.bucket == nullptr)
        throw ValidationError("bucket policy '" + node().id() + "' needs a bucket", node().path());
    auto& resource =
        make<CfnBucketPolicy>(*this, "Resource",
                              CfnBucketPolicyProps{.bucket = props.bucket->bucket_name(),
                                                   .policy_document = Prop<Json>::raw(document_json())});
    if (props.removal_policy) resource.apply_removal_policy(*props.removal_policy);
}

} // namespace cdk::s3
