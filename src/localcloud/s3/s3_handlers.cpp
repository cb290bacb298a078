#include "core/assert.hpp"
#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/protocol/model_service.hpp"
#include "localcloud/s3/cfn_bucket_provider.hpp"
#include "localcloud/s3/s3_authorize.hpp"
#include "localcloud/s3/s3_errors.hpp"
#include "localcloud/s3/s3_routes.hpp"
#include "localcloud/s3/s3_service.hpp"
#include "localcloud/state/ids.hpp"

#include <set>

namespace cdk::localcloud::s3 {

const std::vector<Subresource>& subresources() {
    static const std::vector<Subresource> kList = {
        {"publicAccessBlock", "BucketPublicAccessBlock", "GetPublicAccessBlock", "PutPublicAccessBlock",
         "DeletePublicAccessBlock", "NoSuchPublicAccessBlockConfiguration", ""},
        {"encryption", "EncryptionConfiguration", "GetBucketEncryption", "PutBucketEncryption",
         "DeleteBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError", ""},
        {"versioning", "BucketVersioning", "GetBucketVersioning", "PutBucketVersioning", "", "", "{}"},
        {"tagging", "BucketTagging", "GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging",
         "NoSuchTagSet", ""},
        {"lifecycle", "LifecycleConfiguration", "GetBucketLifecycleConfiguration",
         "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle", "NoSuchLifecycleConfiguration", ""},
        {"cors", "BucketCORS", "GetBucketCors", "PutBucketCors", "DeleteBucketCors",
         "NoSuchCORSConfiguration", ""},
        {"ownershipControls", "BucketOwnershipControls", "GetBucketOwnershipControls",
         "PutBucketOwnershipControls", "DeleteBucketOwnershipControls", "OwnershipControlsNotFoundError", ""},
        {"website", "BucketWebsite", "GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite",
         "NoSuchWebsiteConfiguration", ""},
        {"logging", "BucketLogging", "GetBucketLogging", "PutBucketLogging", "", "", "{}"},
        {"notification", "BucketNotification", "GetBucketNotificationConfiguration",
         "PutBucketNotificationConfiguration", "", "", "{}"},
        {"replication", "ReplicationConfiguration", "GetBucketReplication", "PutBucketReplication",
         "DeleteBucketReplication", "ReplicationConfigurationNotFoundError", ""},
        {"accelerate", "AccelerateConfiguration", "GetBucketAccelerateConfiguration",
         "PutBucketAccelerateConfiguration", "", "", "{}"},
        {"requestPayment", "BucketRequestPayment", "GetBucketRequestPayment", "PutBucketRequestPayment", "",
         "", R"({"Payer":"BucketOwner"})"},
    };
    return kList;
}

namespace {

/// The payload member of an operation's input or output shape, or nullptr.
const Json* payload_member(const Json& shape, std::string& name) {
    name = shape.value("payload", "");
    if (name.empty()) return nullptr;
    return &shape.at("members").at(name);
}

/// The output of a subresource's GET for a stored configuration value: the value itself, or wrapped in the
/// output's payload member (GetBucketEncryption's ServerSideEncryptionConfiguration).
Json config_output(const Subresource& sub, Json value) {
    const Json& op = *s3_model().find_operation(sub.get_operation);
    std::string member;
    if (payload_member(s3_model().resolve(op.at("output")), member)) return Json{{member, std::move(value)}};
    return value;
}

} // namespace

const std::string& payload_shape(std::string_view operation) {
    const Json* op = s3_model().find_operation(operation);
    CDK_ASSERT(op && "payload_shape of an operation the S3 model lacks");
    std::string member;
    const Json* ref = payload_member(s3_model().resolve(op->at("input")), member);
    CDK_ASSERT(ref && "payload_shape of an operation without a payload");
    return ref->at("shape").get_ref<const std::string&>();
}

Result<Json> parse_payload(std::string_view operation, std::string_view body) {
    const Json* op = s3_model().find_operation(operation);
    CDK_ASSERT(op && "parse_payload of an operation the S3 model lacks");
    std::string member;
    const Json* ref = payload_member(s3_model().resolve(op->at("input")), member);
    CDK_ASSERT(ref && "parse_payload of an operation without a payload");
    return aws::protocol::parse_xml_payload(s3_model(), ref->at("shape").get<std::string>(), body,
                                            ref->value("locationName", member));
}

Result<void> check_tag_set(const Json& tag_set, std::size_t max, bool object) {
    if (tag_set.size() > max) {
        return make_error(object ? "BadRequest" : "InvalidTag",
                          std::string(object ? "Object" : "Bucket") + " tags cannot be greater than " +
                              std::to_string(max),
                          400);
    }
    std::set<std::string> keys;
    for (const auto& tag : tag_set) {
        const std::string key = tag.value("Key", "");
        if (key.empty() || key.size() > 128)
            return make_error("InvalidTag", "The TagKey you have provided is invalid", 400);
        if (tag.value("Value", "").size() > 256)
            return make_error("InvalidTag", "The TagValue you have provided is too long, max 256", 400);
        if (!keys.insert(key).second)
            return make_error("InvalidTag", "Cannot provide multiple Tags with the same key", 400);
    }
    return ok();
}

namespace {

/// S3's checks of a configuration beyond its shape, before it is stored.
Result<void> check_config(const std::string& query, const Json& value) {
    if (query == "tagging") return check_tag_set(value.value("TagSet", Json::array()), 50, false);
    if (query == "lifecycle") {
        for (const auto& rule : value.value("Rules", Json::array())) {
            const Json expiration = rule.value("Expiration", Json::object());
            if (expiration.contains("Days") && expiration["Days"].get<long long>() <= 0) {
                return make_error("InvalidArgument",
                                  "'Days' for Expiration action must be a positive integer", 400);
            }
        }
    }
    return ok();
}

} // namespace

Result<Json> stored_config(const Json& stored, std::string_view shape) {
    if (!stored.is_string()) return stored;
    return aws::protocol::parse_xml_payload(s3_model(), shape, stored.get<std::string>());
}

ServerResponse respond(const RequestContext& ctx, std::string_view operation, const Json& output,
                       int status) {
    ServerResponse r =
        encode_response(s3_model(), operation, output.is_null() ? Json::object() : output, ctx.request_id);
    if (status != 0) r.status = status;
    r.set_header("x-amz-id-2", ctx.request_id);
    return r;
}

Target parse_target(const ServerRequest& request) {
    std::string host = strings::to_lower(request.header("host"));
    if (const auto colon = host.rfind(':'); colon != std::string::npos) host = host.substr(0, colon);
    std::string bucket;
    for (const std::string marker : {".s3.", ".s3-"}) {
        if (const auto p = host.find(marker); p != std::string::npos && p > 0) {
            bucket = host.substr(0, p);
            break;
        }
    }
    if (bucket.empty() && strings::ends_with(host, ".localhost")) bucket = host.substr(0, host.size() - 10);
    const std::string path = strings::percent_decode(request.path);
    Target t;
    if (!bucket.empty()) {
        t.bucket = bucket;
        t.key = path.size() > 1 ? path.substr(1) : "";
        return t;
    }
    const std::string rest = path.size() > 1 ? path.substr(1) : "";
    const auto slash = rest.find('/');
    t.bucket = rest.substr(0, slash);
    if (slash != std::string::npos) t.key = rest.substr(slash + 1);
    return t;
}

Result<ServerResponse> S3Service::handle(RequestContext& ctx) {
    // Loopback is the only transport: treat it as secure so bootstrap bucket policies
    // (Deny when aws:SecureTransport is false) behave as they do on AWS over HTTPS.
    ctx.condition_context[iam::context_key("aws:SecureTransport")] = {"true"};
    for (auto& [k, v] : parse_query(ctx.http.query))
        ctx.params[k] = v;
    const Target t = parse_target(ctx.http);
    // What S3 stores (keys, metadata, tags) and renders is UTF-8; a request that decodes to other bytes is
    // refused before any state is touched.
    if (!strings::valid_utf8(t.bucket) || !strings::valid_utf8(t.key)) {
        return make_error("InvalidURI", "Couldn't parse the specified URI.", 400);
    }
    for (const auto& [k, v] : ctx.params) {
        if (!strings::valid_utf8(k) || !strings::valid_utf8(v)) {
            return make_error("InvalidArgument",
                              "query parameter '" + strings::to_valid_utf8(k) + "' does not decode to UTF-8",
                              400);
        }
    }
    for (const auto& [k, v] : ctx.http.headers) {
        if (!strings::valid_utf8(v)) {
            return make_error("InvalidArgument", "header '" + strings::to_valid_utf8(k) + "' is not UTF-8",
                              400);
        }
    }
    const std::string& m = ctx.http.method;
    if (t.bucket.empty()) {
        if (m == "GET") return list_buckets(ctx);
        return method_not_allowed();
    }
    if (t.key.empty()) return bucket_operation(ctx, t.bucket);
    return object_operation(ctx, t);
}

Result<void> S3Service::authorize(Tx& tx, RequestContext& ctx, const Json* bucket, const std::string& action,
                                  const std::string& resource, const iam::Context& extra) {
    iam::Context c = ctx.condition_context;
    for (const auto& [k, v] : extra)
        c[k] = v;
    return authorize_s3(cloud_, tx, ctx.caller, std::move(c), bucket, action, resource);
}

Result<ServerResponse> S3Service::list_buckets(RequestContext& ctx) {
    auto output = cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, ctx, nullptr, "s3:ListAllMyBuckets", "*"); !a) return a.error();
        auto buckets = backend_.list_buckets(tx, ctx.caller.account());
        if (!buckets) return buckets.error();
        Json out{{"Owner", {{"ID", ctx.caller.account()}, {"DisplayName", ctx.caller.account()}}},
                 {"Buckets", Json::array()}};
        for (const auto& b : *buckets)
            out["Buckets"].push_back({{"Name", b["Name"]}, {"CreationDate", b["CreationDate"]}});
        return out;
    });
    if (!output) return output.error();
    return respond(ctx, "ListBuckets", *output);
}

Result<ServerResponse> S3Service::bucket_operation(RequestContext& ctx, const std::string& name) {
    const std::string& m = ctx.http.method;
    if (m == "PUT" && ctx.params.empty()) return create_bucket(ctx, name);
    if (m == "GET" && has(ctx, "versions")) return list_objects(ctx, name, true);
    if (m == "GET" &&
        (has(ctx, "list-type") || ctx.params.empty() || has(ctx, "prefix") || has(ctx, "delimiter") ||
         has(ctx, "max-keys") || has(ctx, "marker") || has(ctx, "encoding-type"))) {
        if (!has(ctx, "uploads")) return list_objects(ctx, name);
    }
    if (m == "POST" && has(ctx, "delete")) return delete_objects(ctx, name);
    // Everything else reads or writes the bucket record in one transaction and answers the model's
    // `operation` with the output it computed.
    std::string operation;
    int status = 0;
    auto run = [&](Tx& tx) -> Result<Json> {
        auto bucket = backend_.find_bucket(tx, name);
        if (!bucket) return bucket.error();
        const std::string arn = bucket_arn(name);
        auto auth = [&](const std::string& action) { return authorize(tx, ctx, &*bucket, action, arn); };
        if (m == "HEAD") {
            if (auto a = auth("s3:ListBucket"); !a) return a.error();
            operation = "HeadBucket";
            return Json{{"BucketRegion", (*bucket)["Region"]}};
        }
        if (m == "DELETE" && ctx.params.empty()) {
            if (auto a = auth("s3:DeleteBucket"); !a) return a.error();
            if (auto r = backend_.delete_bucket(tx, name); !r) return r.error();
            operation = "DeleteBucket";
            return Json::object();
        }
        if (has(ctx, "location") && m == "GET") {
            if (auto a = auth("s3:GetBucketLocation"); !a) return a.error();
            operation = "GetBucketLocation";
            // us-east-1 is the empty constraint.
            const std::string region = (*bucket)["Region"].get<std::string>();
            return region == "us-east-1" ? Json::object() : Json{{"LocationConstraint", region}};
        }
        if (has(ctx, "policy")) {
            if (m == "GET") {
                if (auto a = auth("s3:GetBucketPolicy"); !a) return a.error();
                if (!bucket->contains("Policy")) {
                    return make_error("NoSuchBucketPolicy", "The bucket policy does not exist", 404);
                }
                operation = "GetBucketPolicy";
                return Json{{"Policy", (*bucket)["Policy"].dump()}};
            }
            if (m == "PUT") {
                if (auto a = auth("s3:PutBucketPolicy"); !a) return a.error();
                auto policy = iam::parse_policy_json(ctx.http.body_text());
                if (!policy) {
                    return make_error("MalformedPolicy",
                                      "Policies must be valid JSON: " + policy.error().message, 400);
                }
                if (!policy->is_object() || !policy->contains("Statement")) {
                    return make_error("MalformedPolicy", "Policies must be valid JSON: no Statement", 400);
                }
                (*bucket)["Policy"] = std::move(*policy);
                operation = "PutBucketPolicy";
                status = 204; // as S3 answers PutBucketPolicy
            } else if (m == "DELETE") {
                if (auto a = auth("s3:DeleteBucketPolicy"); !a) return a.error();
                bucket->erase("Policy");
                operation = "DeleteBucketPolicy";
            }
            if (operation.empty()) return method_not_allowed();
            if (auto r = backend_.save_bucket(tx, *bucket); !r) return r.error();
            return Json::object();
        }
        if (has(ctx, "acl") && m == "GET") {
            if (auto a = auth("s3:GetBucketAcl"); !a) return a.error();
            operation = "GetBucketAcl";
            const Json owner{{"ID", (*bucket)["Account"]}};
            Json grantee = owner;
            grantee["Type"] = "CanonicalUser";
            return Json{{"Owner", owner},
                        {"Grants", Json::array({{{"Grantee", grantee}, {"Permission", "FULL_CONTROL"}}})}};
        }
        if (has(ctx, "acl") && m == "PUT") {
            if (auto a = auth("s3:PutBucketAcl"); !a) return a.error();
            // A canned ACL comes as a header; a body is an AccessControlPolicy (checked, not kept: the owner
            // keeps full control).
            if (const std::string body = ctx.http.body_text(); !strings::trim(body).empty()) {
                if (auto acl = parse_payload("PutBucketAcl", body); !acl) return acl.error();
            }
            operation = "PutBucketAcl";
            return Json::object();
        }
        for (const auto& sub : subresources()) {
            if (!has(ctx, sub.query)) continue;
            const std::string q = sub.query;
            const std::string shape = payload_shape(sub.put_operation);
            if (m == "GET") {
                if (auto a = auth(std::string("s3:Get") + sub.action_suffix); !a) return a.error();
                operation = sub.get_operation;
                const Json& cfg = (*bucket)["Config"];
                if (cfg.contains(q)) {
                    auto value = stored_config(cfg[q], shape);
                    if (!value) return value.error();
                    return config_output(sub, std::move(*value));
                }
                if (std::string(sub.missing_code).empty()) return Json::parse(sub.default_output);
                return make_error(sub.missing_code, "The " + q + " configuration does not exist", 404);
            }
            if (m == "PUT") {
                if (auto a = auth(std::string("s3:Put") + sub.action_suffix); !a) return a.error();
                // Decoded into the model's shape and checked as S3 checks it; only then stored, as the value.
                auto value = parse_payload(sub.put_operation, ctx.http.body_text());
                if (!value) return value.error();
                if (auto c = check_config(q, *value); !c) return c.error();
                (*bucket)["Config"][q] = std::move(*value);
                operation = sub.put_operation;
            } else if (m == "DELETE" && !std::string(sub.delete_operation).empty()) {
                if (auto a = auth(std::string("s3:Put") + sub.action_suffix); !a) return a.error();
                (*bucket)["Config"].erase(q);
                operation = sub.delete_operation;
            } else {
                return method_not_allowed();
            }
            if (auto r = backend_.save_bucket(tx, *bucket); !r) return r.error();
            return Json::object();
        }
        if (has(ctx, "uploads") && m == "GET") {
            if (auto a = auth("s3:ListBucketMultipartUploads"); !a) return a.error();
            operation = "ListMultipartUploads";
            return Json{{"Bucket", name}, {"IsTruncated", false}};
        }
        return make_error("NotImplemented",
                          "localcloud does not implement this S3 bucket operation (" + m + " ?" +
                              ctx.http.query + ")",
                          501);
    };
    const bool reads = m == "GET" || m == "HEAD";
    auto output = reads ? cloud_.store.read<Json>(run) : cloud_.store.write<Json>(run);
    if (!output) return output.error();
    ServerResponse r = respond(ctx, operation, *output, status);
    // S3 serves a bucket policy as JSON.
    if (operation == "GetBucketPolicy") r.set_header("Content-Type", "application/json");
    return r;
}

Result<ServerResponse> S3Service::create_bucket(RequestContext& ctx, const std::string& name) {
    const std::string body = ctx.http.body_text();
    std::string region;
    if (!strings::trim(body).empty()) {
        auto config = parse_payload("CreateBucket", body);
        if (!config) return config.error();
        region = config->value("LocationConstraint", "");
    }
    if (region.empty()) region = ctx.region;
    auto created = cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, ctx, nullptr, "s3:CreateBucket", bucket_arn(name)); !a) return a.error();
        return backend_.create_bucket(tx, ctx.caller.account(), region, name, epoch_seconds(ctx.now));
    });
    if (!created) return created.error();
    return respond(ctx, "CreateBucket", {{"Location", "/" + name}});
}

Result<ServerResponse> S3Service::list_objects(RequestContext& ctx, const std::string& name, bool versions) {
    const bool v2 = !versions && ctx.params["list-type"] == "2";
    const std::string prefix = ctx.params["prefix"];
    const std::string delimiter = ctx.params["delimiter"];
    const bool url_encoding = ctx.params["encoding-type"] == "url";
    std::size_t max_keys = 1000;
    if (!ctx.params["max-keys"].empty()) {
        const auto n = parse_int<std::int32_t>(ctx.params["max-keys"]);
        if (!n || *n < 0) {
            return make_error("InvalidArgument", "Provided max-keys not an integer or within integer range",
                              400);
        }
        max_keys = std::min<std::size_t>(1000, static_cast<std::size_t>(*n));
    }
    std::string start = versions ? ctx.params["key-marker"]
                        : v2     ? ctx.params["start-after"]
                                 : ctx.params["marker"];
    if (v2 && !ctx.params["continuation-token"].empty()) {
        auto decoded = base64_decode(ctx.params["continuation-token"]);
        if (!decoded)
            return make_error("InvalidArgument", "The continuation token provided is incorrect", 400);
        start = *decoded;
    }
    auto enc = [&](const std::string& s) { return url_encoding ? strings::percent_encode(s, true) : s; };
    auto output = cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto bucket = backend_.find_bucket(tx, name);
        if (!bucket) return bucket.error();
        iam::Context extra{{iam::context_key("s3:prefix"), {prefix}},
                           {iam::context_key("s3:delimiter"), {delimiter}},
                           {iam::context_key("s3:max-keys"), {std::to_string(max_keys)}}};
        const char* action = versions ? "s3:ListBucketVersions" : "s3:ListBucket";
        if (auto a = authorize(tx, ctx, &*bucket, action, bucket_arn(name), extra); !a) return a.error();
        auto listing = backend_.list_objects(tx, name, prefix, delimiter, start, max_keys);
        if (!listing) return listing.error();
        Json out{{"Name", name},
                 {"Prefix", enc(prefix)},
                 {"MaxKeys", max_keys},
                 {"IsTruncated", listing->truncated}};
        if (!delimiter.empty()) out["Delimiter"] = enc(delimiter);
        if (url_encoding) out["EncodingType"] = "url";
        if (versions) {
            out["KeyMarker"] = enc(ctx.params["key-marker"]);
            out["VersionIdMarker"] = ctx.params["version-id-marker"];
            if (listing->truncated) {
                out["NextKeyMarker"] = enc(listing->next_key);
                out["NextVersionIdMarker"] = "null";
            }
        } else if (v2) {
            out["KeyCount"] = listing->objects.size() + listing->common_prefixes.size();
            if (!ctx.params["continuation-token"].empty())
                out["ContinuationToken"] = ctx.params["continuation-token"];
            if (!ctx.params["start-after"].empty()) out["StartAfter"] = enc(ctx.params["start-after"]);
            if (listing->truncated) out["NextContinuationToken"] = base64_encode(listing->next_key);
        } else {
            out["Marker"] = enc(ctx.params["marker"]);
            if (listing->truncated) out["NextMarker"] = enc(listing->next_key);
        }
        Json contents = Json::array();
        for (const auto& o : listing->objects) {
            Json entry{{"Key", enc(o["Key"].get<std::string>())},
                       {"LastModified", o["LastModified"]},
                       {"ETag", o["ETag"]},
                       {"Size", o["Size"]},
                       {"StorageClass", "STANDARD"}};
            if (versions) {
                // The one version localcloud keeps, as S3 lists an object of an unversioned bucket.
                entry["VersionId"] = "null";
                entry["IsLatest"] = true;
            }
            if (versions || !v2 || ctx.params["fetch-owner"] == "true")
                entry["Owner"] = {{"ID", (*bucket)["Account"]}};
            contents.push_back(std::move(entry));
        }
        if (!contents.empty()) out[versions ? "Versions" : "Contents"] = std::move(contents);
        Json prefixes = Json::array();
        for (const auto& p : listing->common_prefixes)
            prefixes.push_back({{"Prefix", enc(p)}});
        if (!prefixes.empty()) out["CommonPrefixes"] = std::move(prefixes);
        return out;
    });
    if (!output) return output.error();
    return respond(ctx, versions ? "ListObjectVersions" : v2 ? "ListObjectsV2" : "ListObjects", *output);
}

Result<ServerResponse> S3Service::delete_objects(RequestContext& ctx, const std::string& name) {
    // The body is decoded (by the model's Delete shape) before the transaction: a malformed one fails the
    // request, and nothing is deleted.
    auto request = parse_payload("DeleteObjects", ctx.http.body_text());
    if (!request) return request.error();
    const bool quiet = request->value("Quiet", false);
    std::vector<std::string> keys;
    for (const auto& obj : (*request)["Objects"])
        keys.push_back(obj.value("Key", ""));
    std::vector<std::string> removed_files;
    auto output = cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto bucket = backend_.find_bucket(tx, name);
        if (!bucket) return bucket.error();
        Json deleted = Json::array();
        Json errors = Json::array();
        for (const auto& key : keys) {
            if (auto a = authorize(tx, ctx, &*bucket, "s3:DeleteObject", object_arn(name, key)); !a) {
                errors.push_back({{"Key", key}, {"Code", a.error().code}, {"Message", a.error().message}});
                continue;
            }
            auto file = backend_.delete_object(tx, name, key);
            if (!file) return file.error();
            removed_files.push_back(*file);
            if (!quiet) deleted.push_back({{"Key", key}});
        }
        Json out = Json::object();
        if (!deleted.empty()) out["Deleted"] = std::move(deleted);
        if (!errors.empty()) out["Errors"] = std::move(errors);
        return out;
    });
    if (!output) return output.error();
    for (const auto& f : removed_files)
        remove_file(cloud_.objects_dir, f);
    return respond(ctx, "DeleteObjects", *output);
}

void register_s3(CloudContext& cloud, ServiceRegistry& services,
                 cloudformation::ProviderRegistry& providers) {
    add_service<S3Service, CfnBucketProvider, CfnBucketPolicyProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::s3
