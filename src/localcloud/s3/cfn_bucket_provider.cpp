#include "localcloud/s3/cfn_bucket_provider.hpp"

#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/protocol/xml_writer.hpp"
#include "localcloud/s3/s3_authorize.hpp"
#include "localcloud/s3/s3_errors.hpp"
#include "localcloud/s3/s3_service.hpp"
#include "localcloud/server/cfn_support.hpp"
#include "localcloud/state/ids.hpp"

#include <set>

namespace cdk::localcloud::s3 {

namespace {

constexpr std::string_view kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

using cloudformation::ResourceRequest;
using cloudformation::ResourceResponse;

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

std::string text(const Json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

void leaf_if(XmlWriter& w, const Json& obj, const char* key, const char* tag) {
    if (obj.is_object() && obj.contains(key) && !obj[key].is_null()) w.leaf(tag, text(obj[key]));
}

void lifecycle_rule(XmlWriter& w, const Json& rule) {
    w.open("Rule");
    leaf_if(w, rule, "Id", "ID");
    w.open("Filter");
    const Json tag_filters = rule.value("TagFilters", Json::array());
    const bool has_prefix = rule.contains("Prefix");
    if (!tag_filters.empty()) {
        w.open("And");
        if (has_prefix) w.leaf("Prefix", text(rule["Prefix"]));
        for (const auto& t : tag_filters)
            w.open("Tag").leaf("Key", text(t["Key"])).leaf("Value", text(t["Value"])).close();
        w.close();
    } else {
        w.leaf("Prefix", has_prefix ? text(rule["Prefix"]) : "");
    }
    w.close();
    w.leaf("Status", rule.value("Status", "Enabled"));
    if (rule.contains("ExpirationInDays") || rule.contains("ExpirationDate") ||
        rule.contains("ExpiredObjectDeleteMarker")) {
        w.open("Expiration");
        leaf_if(w, rule, "ExpirationInDays", "Days");
        leaf_if(w, rule, "ExpirationDate", "Date");
        leaf_if(w, rule, "ExpiredObjectDeleteMarker", "ExpiredObjectDeleteMarker");
        w.close();
    }
    for (const auto& t : rule.value("Transitions", Json::array())) {
        w.open("Transition");
        leaf_if(w, t, "TransitionInDays", "Days");
        leaf_if(w, t, "TransitionDate", "Date");
        leaf_if(w, t, "StorageClass", "StorageClass");
        w.close();
    }
    Json noncurrent = rule.value("NoncurrentVersionExpiration", Json());
    if (rule.contains("NoncurrentVersionExpirationInDays")) {
        noncurrent = Json{{"NoncurrentDays", rule["NoncurrentVersionExpirationInDays"]}};
    }
    if (noncurrent.is_object()) {
        w.open("NoncurrentVersionExpiration");
        leaf_if(w, noncurrent, "NoncurrentDays", "NoncurrentDays");
        leaf_if(w, noncurrent, "NewerNoncurrentVersions", "NewerNoncurrentVersions");
        w.close();
    }
    for (const auto& t : rule.value("NoncurrentVersionTransitions", Json::array())) {
        w.open("NoncurrentVersionTransition");
        leaf_if(w, t, "TransitionInDays", "NoncurrentDays");
        leaf_if(w, t, "StorageClass", "StorageClass");
        w.close();
    }
    if (rule.contains("AbortIncompleteMultipartUpload")) {
        w.open("AbortIncompleteMultipartUpload");
        leaf_if(w, rule["AbortIncompleteMultipartUpload"], "DaysAfterInitiation", "DaysAfterInitiation");
        w.close();
    }
    w.close();
}

std::string website_url(const std::string& bucket, const std::string& region) {
    static const std::set<std::string> kDash = {"us-east-1",      "us-west-1",      "us-west-2",
                                                "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
                                                "eu-west-1",      "sa-east-1",      "us-gov-west-1"};
    const char* sep = kDash.count(region) != 0 ? "-" : ".";
    return "http://" + bucket + ".s3-website" + sep + region + ".amazonaws.com";
}

ResourceResponse bucket_response(const std::string& name, const std::string& region) {
    ResourceResponse r;
    r.physical_id = name;
    r.attributes = Json{{"Arn", "arn:aws:s3:::" + name},
                        {"DomainName", name + ".s3.amazonaws.com"},
                        {"RegionalDomainName", name + ".s3." + region + ".amazonaws.com"},
                        {"DualStackDomainName", name + ".s3.dualstack." + region + ".amazonaws.com"},
                        {"WebsiteURL", website_url(name, region)}};
    return r;
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
            bucket["Config"][c.subresource] = bucket_config_xml(c.property, properties[c.property]);
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

std::string bucket_config_xml(const std::string& property, const Json& value) {
    XmlWriter w;
    const std::string ns(kXmlns);
    if (property == "BucketEncryption") {
        w.open("ServerSideEncryptionConfiguration", ns);
        for (const auto& rule : value.value("ServerSideEncryptionConfiguration", Json::array())) {
            w.open("Rule");
            if (rule.contains("ServerSideEncryptionByDefault")) {
                const Json& d = rule["ServerSideEncryptionByDefault"];
                w.open("ApplyServerSideEncryptionByDefault");
                leaf_if(w, d, "SSEAlgorithm", "SSEAlgorithm");
                leaf_if(w, d, "KMSMasterKeyID", "KMSMasterKeyID");
                w.close();
            }
            leaf_if(w, rule, "BucketKeyEnabled", "BucketKeyEnabled");
            w.close();
        }
    } else if (property == "VersioningConfiguration") {
        w.open("VersioningConfiguration", ns);
        leaf_if(w, value, "Status", "Status");
    } else if (property == "PublicAccessBlockConfiguration") {
        w.open("PublicAccessBlockConfiguration", ns);
        for (const char* k :
             {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"}) {
            w.leaf(k, value.contains(k) ? text(value[k]) : "false");
        }
    } else if (property == "LifecycleConfiguration") {
        w.open("LifecycleConfiguration", ns);
        for (const auto& rule : value.value("Rules", Json::array()))
            lifecycle_rule(w, rule);
    } else if (property == "Tags") {
        w.open("Tagging", ns).open("TagSet");
        for (const auto& t : value)
            w.open("Tag").leaf("Key", text(t["Key"])).leaf("Value", text(t["Value"])).close();
        w.close();
    } else if (property == "CorsConfiguration") {
        w.open("CORSConfiguration", ns);
        for (const auto& rule : value.value("CorsRules", Json::array())) {
            w.open("CORSRule");
            leaf_if(w, rule, "Id", "ID");
            for (const auto& [key, tag] : std::initializer_list<std::pair<const char*, const char*>>{
                     {"AllowedMethods", "AllowedMethod"},
                     {"AllowedOrigins", "AllowedOrigin"},
                     {"AllowedHeaders", "AllowedHeader"},
                     {"ExposedHeaders", "ExposeHeader"}}) {
                for (const auto& v : rule.value(key, Json::array()))
                    w.leaf(tag, text(v));
            }
            leaf_if(w, rule, "MaxAge", "MaxAgeSeconds");
            w.close();
        }
    } else if (property == "WebsiteConfiguration") {
        w.open("WebsiteConfiguration", ns);
        if (value.contains("IndexDocument"))
            w.open("IndexDocument").leaf("Suffix", text(value["IndexDocument"])).close();
        if (value.contains("ErrorDocument"))
            w.open("ErrorDocument").leaf("Key", text(value["ErrorDocument"])).close();
    } else if (property == "OwnershipControls") {
        w.open("OwnershipControls", ns);
        for (const auto& rule : value.value("Rules", Json::array())) {
            w.open("Rule");
            leaf_if(w, rule, "ObjectOwnership", "ObjectOwnership");
            w.close();
        }
    }
    w.close();
    return w.str();
}

namespace {

Result<ResourceResponse> create_bucket(CloudContext& cloud, const ResourceRequest& request) {
    S3Backend backend;
    const Json& p = cfn::props(request);
    std::string name = cfn::str(p, "BucketName");
    if (name.empty()) name = cfn::generated_name(request, 63, true);
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = authorize_s3(cloud, tx, request.caller, cfn::call_context(request), nullptr,
                                  "s3:CreateBucket", "arn:aws:s3:::" + name);
            !a) {
            return a.error();
        }
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
        if (!bucket)
            return cfn::is_not_found(bucket.error()) ? Result<bool>(true) : Result<bool>(bucket.error());
        if (auto a = authorize_s3(cloud, tx, request.caller, cfn::call_context(request), &*bucket,
                                  "s3:DeleteBucket", "arn:aws:s3:::" + name);
            !a) {
            return a.error();
        }
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
        if (auto a = authorize_s3(cloud, tx, request.caller, cfn::call_context(request), &*bucket,
                                  "s3:PutBucketPolicy", "arn:aws:s3:::" + name);
            !a) {
            return a.error();
        }
        (*bucket)["Policy"] = policy;
        if (auto s = backend.save_bucket(tx, *bucket); !s) return s.error();
        return true;
    });
    if (!done) return done.error();
    ResourceResponse r;
    r.physical_id = name;
    return r;
}

Result<void> remove_bucket_policy(CloudContext& cloud, const ResourceRequest& request) {
    S3Backend backend;
    const std::string name = request.physical_id;
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto bucket = backend.find_bucket(tx, name);
        if (!bucket)
            return cfn::is_not_found(bucket.error()) ? Result<bool>(true) : Result<bool>(bucket.error());
        if (!bucket->contains("Policy")) return true;
        if (auto a = authorize_s3(cloud, tx, request.caller, cfn::call_context(request), &*bucket,
                                  "s3:DeleteBucketPolicy", "arn:aws:s3:::" + name);
            !a) {
            return a.error();
        }
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
