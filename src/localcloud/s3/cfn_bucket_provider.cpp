#include "localcloud/s3/cfn_bucket_provider.hpp"

#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/s3/s3_authorize.hpp"
#include "localcloud/s3/s3_errors.hpp"
#include "localcloud/s3/s3_service.hpp"
#include "localcloud/server/cfn_support.hpp"
#include "localcloud/state/ids.hpp"

#include <set>

namespace cdk::localcloud::s3 {

namespace {

/// A CloudFormation bucket property and the S3 subresource (and s3:Put… action) that stores it.
struct ConfigProperty {
    const char* property;
    const char* subresource;
    const char* action;
};

constexpr ConfigProperty kConfig[] = {
    {"BucketEncryption", "encryption", "s3:PutEncryptionConfiguration"},
    {"VersioningConfiguration", "versioning", "s3:PutBucketVersioning"},
    {"PublicAccessBlockConfiguration", "publicAccessBlock", "s3:PutBucketPublicAccessBlock"},
    {"LifecycleConfiguration", "lifecycle", "s3:PutLifecycleConfiguration"},
    {"Tags", "tagging", "s3:PutBucketTagging"},
    {"CorsConfiguration", "cors", "s3:PutBucketCORS"},
    {"WebsiteConfiguration", "website", "s3:PutBucketWebsite"},
    {"OwnershipControls", "ownershipControls", "s3:PutBucketOwnershipControls"},
};

/// Copies `from[key]` to `to[member]` when present.
void copy_member(const Json& from, const char* key, Json& to, const char* member) {
    if (from.is_object() && from.contains(key) && !from[key].is_null()) to[member] = from[key];
}

/// An AWS::S3::Bucket lifecycle rule as the S3 model's LifecycleRule.
Json lifecycle_rule(const Json& rule) {
    Json out{{"Status", rule.value("Status", "Enabled")}};
    copy_member(rule, "Id", out, "ID");
    const Json tag_filters = rule.value("TagFilters", Json::array());
    if (!tag_filters.empty()) {
        Json tags = Json::array();
        for (const auto& t : tag_filters)
            tags.push_back({{"Key", t["Key"]}, {"Value", t["Value"]}});
        Json conjunction{{"Tags", std::move(tags)}};
        copy_member(rule, "Prefix", conjunction, "Prefix");
        out["Filter"] = {{"And", std::move(conjunction)}};
    } else {
        out["Filter"] = {{"Prefix", rule.value("Prefix", Json(""))}};
    }
    Json expiration = Json::object();
    copy_member(rule, "ExpirationInDays", expiration, "Days");
    copy_member(rule, "ExpirationDate", expiration, "Date");
    copy_member(rule, "ExpiredObjectDeleteMarker", expiration, "ExpiredObjectDeleteMarker");
    if (!expiration.empty()) out["Expiration"] = std::move(expiration);
    Json transitions = Json::array();
    for (const auto& t : rule.value("Transitions", Json::array())) {
        Json transition = Json::object();
        copy_member(t, "TransitionInDays", transition, "Days");
        copy_member(t, "TransitionDate", transition, "Date");
        copy_member(t, "StorageClass", transition, "StorageClass");
        transitions.push_back(std::move(transition));
    }
    if (!transitions.empty()) out["Transitions"] = std::move(transitions);
    Json noncurrent = rule.value("NoncurrentVersionExpiration", Json());
    if (rule.contains("NoncurrentVersionExpirationInDays")) {
        noncurrent = Json{{"NoncurrentDays", rule["NoncurrentVersionExpirationInDays"]}};
    }
    if (noncurrent.is_object()) {
        Json expiry = Json::object();
        copy_member(noncurrent, "NoncurrentDays", expiry, "NoncurrentDays");
        copy_member(noncurrent, "NewerNoncurrentVersions", expiry, "NewerNoncurrentVersions");
        out["NoncurrentVersionExpiration"] = std::move(expiry);
    }
    Json noncurrent_transitions = Json::array();
    for (const auto& t : rule.value("NoncurrentVersionTransitions", Json::array())) {
        Json transition = Json::object();
        copy_member(t, "TransitionInDays", transition, "NoncurrentDays");
        copy_member(t, "StorageClass", transition, "StorageClass");
        noncurrent_transitions.push_back(std::move(transition));
    }
    if (!noncurrent_transitions.empty())
        out["NoncurrentVersionTransitions"] = std::move(noncurrent_transitions);
    if (rule.contains("AbortIncompleteMultipartUpload")) {
        Json abort = Json::object();
        copy_member(rule["AbortIncompleteMultipartUpload"], "DaysAfterInitiation", abort,
                    "DaysAfterInitiation");
        out["AbortIncompleteMultipartUpload"] = std::move(abort);
    }
    return out;
}

std::string website_url(const std::string& bucket, const std::string& region) {
    static const std::set<std::string> kDash = {"us-east-1",      "us-west-1",      "us-west-2",
                                                "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
                                                "eu-west-1",      "sa-east-1",      "us-gov-west-1"};
    const char* sep = kDash.count(region) != 0 ? "-" : ".";
    return "http://" + bucket + ".s3-website" + sep + region + ".amazonaws.com";
}

ResourceResponse bucket_response(const std::string& name, const std::string& region) {
    return ResourceResponse{name,
                            Json{{"Arn", "arn:aws:s3:::" + name},
                                 {"DomainName", name + ".s3.amazonaws.com"},
                                 {"RegionalDomainName", name + ".s3." + region + ".amazonaws.com"},
                                 {"DualStackDomainName", name + ".s3.dualstack." + region + ".amazonaws.com"},
                                 {"WebsiteURL", website_url(name, region)}}};
}

/// `action` on the bucket `name` (`bucket` null before it exists) as the stack's role, as the S3 API
/// authorizes it.
Result<void> authorize_bucket(CloudContext& cloud, Tx& tx, const ResourceRequest& request, const Json* bucket,
                              const std::string& action, const std::string& name) {
    return authorize_s3(cloud, tx, request.caller, cfn::call_context(request), bucket, action,
                        "arn:aws:s3:::" + name);
}

/// Stores (or removes) every configuration property that differs from `previous`, each authorized as
/// the S3 action the API would need.
Result<void> apply_config(CloudContext& cloud, Tx& tx, const ResourceRequest& request, Json& bucket,
                          const Json& properties, const Json& previous) {
    const iam::Context context = cfn::call_context(request);
    const std::string arn = "arn:aws:s3:::" + bucket["Name"].get<std::string>();
    for (const auto& c : kConfig) {
        const bool now = properties.contains(c.property) && !properties[c.property].is_null();
        const bool before = previous.is_object() && previous.contains(c.property);
        if (!now && !before) continue;
        if (now && before && properties[c.property] == previous[c.property]) continue;
        if (auto a = authorize_s3(cloud, tx, request.caller, context, &bucket, c.action, arn); !a)
            return a.error();
        if (now) {
            bucket["Config"][c.subresource] = bucket_config(c.property, properties[c.property]);
        } else {
            bucket["Config"].erase(c.subresource);
        }
    }
    // Properties S3 keeps no subresource for (AccessControl, NotificationConfiguration, …) are stored as
    // given.
    bucket["CfnProperties"] = properties;
    return ok();
}

} // namespace

Json bucket_config(const std::string& property, const Json& value) {
    Json out = Json::object();
    if (property == "BucketEncryption") {
        Json rules = Json::array();
        for (const auto& rule : value.value("ServerSideEncryptionConfiguration", Json::array())) {
            Json r = Json::object();
            if (rule.contains("ServerSideEncryptionByDefault")) {
                Json by_default = Json::object();
                copy_member(rule["ServerSideEncryptionByDefault"], "SSEAlgorithm", by_default,
                            "SSEAlgorithm");
                copy_member(rule["ServerSideEncryptionByDefault"], "KMSMasterKeyID", by_default,
                            "KMSMasterKeyID");
                r["ApplyServerSideEncryptionByDefault"] = std::move(by_default);
            }
            copy_member(rule, "BucketKeyEnabled", r, "BucketKeyEnabled");
            rules.push_back(std::move(r));
        }
        out["Rules"] = std::move(rules);
    } else if (property == "VersioningConfiguration") {
        copy_member(value, "Status", out, "Status");
    } else if (property == "PublicAccessBlockConfiguration") {
        for (const char* k :
             {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"})
            out[k] = value.contains(k) ? value[k] : Json(false);
    } else if (property == "LifecycleConfiguration") {
        Json rules = Json::array();
        for (const auto& rule : value.value("Rules", Json::array()))
            rules.push_back(lifecycle_rule(rule));
        out["Rules"] = std::move(rules);
    } else if (property == "Tags") {
        Json tags = Json::array();
        for (const auto& t : value)
            tags.push_back({{"Key", t["Key"]}, {"Value", t["Value"]}});
        out["TagSet"] = std::move(tags);
    } else if (property == "CorsConfiguration") {
        Json rules = Json::array();
        for (const auto& rule : value.value("CorsRules", Json::array())) {
            Json r = Json::object();
            copy_member(rule, "Id", r, "ID");
            copy_member(rule, "AllowedMethods", r, "AllowedMethods");
            copy_member(rule, "AllowedOrigins", r, "AllowedOrigins");
            copy_member(rule, "AllowedHeaders", r, "AllowedHeaders");
            copy_member(rule, "ExposedHeaders", r, "ExposeHeaders");
            copy_member(rule, "MaxAge", r, "MaxAgeSeconds");
            rules.push_back(std::move(r));
        }
        out["CORSRules"] = std::move(rules);
    } else if (property == "WebsiteConfiguration") {
        if (value.contains("IndexDocument")) out["IndexDocument"] = {{"Suffix", value["IndexDocument"]}};
        if (value.contains("ErrorDocument")) out["ErrorDocument"] = {{"Key", value["ErrorDocument"]}};
    } else if (property == "OwnershipControls") {
        Json rules = Json::array();
        for (const auto& rule : value.value("Rules", Json::array())) {
            Json r = Json::object();
            copy_member(rule, "ObjectOwnership", r, "ObjectOwnership");
            rules.push_back(std::move(r));
        }
        out["Rules"] = std::move(rules);
    }
    return out;
}

namespace {

Result<ResourceResponse> create_bucket(CloudContext& cloud, const ResourceRequest& request) {
    S3Backend backend;
    const Json& p = cfn::props(request);
    std::string name = cfn::str(p, "BucketName");
    if (name.empty()) name = cfn::generated_name(request, 63, true);
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = authorize_bucket(cloud, tx, request, nullptr, "s3:CreateBucket", name); !a)
            return a.error();
        auto bucket = backend.create_bucket(tx, request.caller.account(), request.region, name,
                                            epoch_seconds(std::chrono::system_clock::now()));
        if (!bucket) return bucket.error();
        if (auto c = apply_config(cloud, tx, request, *bucket, p, Json::object()); !c) return c.error();
        if (auto s = backend.save_bucket(tx, *bucket); !s) return s.error();
        return true;
    });
    if (!done) return done.error();
    return bucket_response(name, request.region);
}

Result<ResourceResponse> update_bucket(CloudContext& cloud, const ResourceRequest& request) {
    S3Backend backend;
    const std::string name = request.physical_id;
    std::string region = request.region;
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto bucket = backend.find_bucket(tx, name);
        if (!bucket) return bucket.error();
        region = (*bucket)["Region"].get<std::string>();
        if (auto c =
                apply_config(cloud, tx, request, *bucket, cfn::props(request), request.previous_properties);
            !c) {
            return c.error();
        }
        if (auto s = backend.save_bucket(tx, *bucket); !s) return s.error();
        return true;
    });
    if (!done) return done.error();
    return bucket_response(name, region);
}

Result<void> remove_bucket(CloudContext& cloud, const ResourceRequest& request) {
    S3Backend backend;
    const std::string name = request.physical_id;
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto bucket = backend.find_bucket(tx, name);
        if (!bucket) return cfn::gone_or_error(bucket.error());
        if (auto a = authorize_bucket(cloud, tx, request, &*bucket, "s3:DeleteBucket", name); !a)
            return a.error();
        if (auto d = backend.delete_bucket(tx, name); !d) return d.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

/// Create and update alike: s3:PutBucketPolicy on the bucket.
Result<ResourceResponse> put_bucket_policy(CloudContext& cloud, const ResourceRequest& request) {
    S3Backend backend;
    const Json& p = cfn::props(request);
    const std::string name = cfn::str(p, "Bucket");
    Json policy = p.value("PolicyDocument", Json());
    if (policy.is_string()) {
        auto parsed = iam::parse_policy_json(policy.get<std::string>());
        if (!parsed)
            return make_error("MalformedPolicy", "Policies must be valid JSON: " + parsed.error().message,
                              400);
        policy = std::move(*parsed);
    }
    if (!policy.is_object() || !policy.contains("Statement")) {
        return make_error("MalformedPolicy", "the bucket policy of " + name + " has no Statement", 400);
    }
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto bucket = backend.find_bucket(tx, name);
        if (!bucket) return bucket.error();
        if (auto a = authorize_bucket(cloud, tx, request, &*bucket, "s3:PutBucketPolicy", name); !a)
            return a.error();
        (*bucket)["Policy"] = policy;
        if (auto s = backend.save_bucket(tx, *bucket); !s) return s.error();
        return true;
    });
    if (!done) return done.error();
    return ResourceResponse{name};
}

Result<void> remove_bucket_policy(CloudContext& cloud, const ResourceRequest& request) {
    S3Backend backend;
    const std::string name = request.physical_id;
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto bucket = backend.find_bucket(tx, name);
        if (!bucket) return cfn::gone_or_error(bucket.error());
        if (!bucket->contains("Policy")) return true;
        if (auto a = authorize_bucket(cloud, tx, request, &*bucket, "s3:DeleteBucketPolicy", name); !a)
            return a.error();
        bucket->erase("Policy");
        if (auto s = backend.save_bucket(tx, *bucket); !s) return s.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

} // namespace

CfnBucketProvider::CfnBucketProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::S3::Bucket", {create_bucket, update_bucket, remove_bucket}) {}

CfnBucketPolicyProvider::CfnBucketPolicyProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::S3::BucketPolicy", {put_bucket_policy, put_bucket_policy, remove_bucket_policy}) {
}

} // namespace cdk::localcloud::s3
