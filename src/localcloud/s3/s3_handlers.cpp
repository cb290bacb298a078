#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/protocol/xml_writer.hpp"
#include "localcloud/s3/cfn_bucket_provider.hpp"
#include "localcloud/s3/s3_authorize.hpp"
#include "localcloud/s3/s3_errors.hpp"
#include "localcloud/s3/s3_routes.hpp"
#include "localcloud/s3/s3_service.hpp"
#include "localcloud/state/ids.hpp"

#include <map>

namespace cdk::localcloud::s3 {

const std::vector<Subresource>& subresources() {
    static const std::vector<Subresource> kList = {
        {"publicAccessBlock", "BucketPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration", ""},
        {"encryption", "EncryptionConfiguration", "ServerSideEncryptionConfigurationNotFoundError", ""},
        {"versioning", "BucketVersioning", "",
         "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"},
        {"tagging", "BucketTagging", "NoSuchTagSet", ""},
        {"lifecycle", "LifecycleConfiguration", "NoSuchLifecycleConfiguration", ""},
        {"cors", "BucketCORS", "NoSuchCORSConfiguration", ""},
        {"ownershipControls", "BucketOwnershipControls", "OwnershipControlsNotFoundError", ""},
        {"website", "BucketWebsite", "NoSuchWebsiteConfiguration", ""},
        {"logging", "BucketLogging", "",
         "<BucketLoggingStatus xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"},
        {"notification", "BucketNotification", "",
         "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"},
        {"replication", "ReplicationConfiguration", "ReplicationConfigurationNotFoundError", ""},
        {"accelerate", "AccelerateConfiguration", "",
         "<AccelerateConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"},
        {"requestPayment", "BucketRequestPayment", "",
         "<RequestPaymentConfiguration "
         "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Payer>BucketOwner</Payer></"
         "RequestPaymentConfiguration>"},
    };
    return kList;
}

std::string iso_millis(long long epoch) {
    std::string s = iso8601(std::chrono::system_clock::time_point(std::chrono::seconds(epoch)));
    return s.substr(0, s.size() - 1) + ".000Z";
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

Result<HttpResponse> S3Service::handle(RequestContext& ctx) {
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
        return make_error("MethodNotAllowed", "The specified method is not allowed against this resource.",
                          405);
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

Result<HttpResponse> S3Service::list_buckets(RequestContext& ctx) {
    auto xml = cloud_.store.read<std::string>([&](Tx& tx) -> Result<std::string> {
        if (auto a = authorize(tx, ctx, nullptr, "s3:ListAllMyBuckets", "*"); !a) return a.error();
        auto buckets = backend_.list_buckets(tx, ctx.caller.account());
        if (!buckets) return buckets.error();
        XmlWriter w;
        w.open("ListAllMyBucketsResult", kXmlns);
        w.open("Owner").leaf("ID", ctx.caller.account()).leaf("DisplayName", ctx.caller.account()).close();
        w.open("Buckets");
        for (const auto& b : *buckets) {
            w.open("Bucket")
                .leaf("Name", b["Name"].get<std::string>())
                .leaf("CreationDate", iso_millis(b["CreationDate"].get<long long>()))
                .close();
        }
        w.close();
        return w.str();
    });
    if (!xml) return xml.error();
    return render_rest_xml(*xml, ctx.request_id);
}

Result<HttpResponse> S3Service::bucket_operation(RequestContext& ctx, const std::string& name) {
    const std::string& m = ctx.http.method;
    if (m == "PUT" && ctx.params.empty()) return create_bucket(ctx, name);
    if (m == "GET" &&
        (has(ctx, "list-type") || ctx.params.empty() || has(ctx, "prefix") || has(ctx, "delimiter") ||
         has(ctx, "max-keys") || has(ctx, "marker") || has(ctx, "encoding-type"))) {
        if (!has(ctx, "uploads") && !has(ctx, "versions")) return list_objects(ctx, name);
    }
    if (m == "POST" && has(ctx, "delete")) return delete_objects(ctx, name);
    // Everything else reads or writes the bucket record in one transaction.
    std::map<std::string, std::string> headers;
    int status = 200;
    auto run = [&](Tx& tx) -> Result<std::string> {
        auto bucket = backend_.find_bucket(tx, name);
        if (!bucket) return bucket.error();
        const std::string arn = bucket_arn(name);
        auto auth = [&](const std::string& action) { return authorize(tx, ctx, &*bucket, action, arn); };
        if (m == "HEAD") {
            if (auto a = auth("s3:ListBucket"); !a) return a.error();
            headers["x-amz-bucket-region"] = (*bucket)["Region"].get<std::string>();
            return std::string{};
        }
        if (m == "DELETE" && ctx.params.empty()) {
            if (auto a = auth("s3:DeleteBucket"); !a) return a.error();
            if (auto r = backend_.delete_bucket(tx, name); !r) return r.error();
            status = 204;
            return std::string{};
        }
        if (has(ctx, "location") && m == "GET") {
            if (auto a = auth("s3:GetBucketLocation"); !a) return a.error();
            const std::string region = (*bucket)["Region"].get<std::string>();
            XmlWriter w;
            w.open("LocationConstraint", kXmlns).raw(region == "us-east-1" ? "" : xml_escape(region)).close();
            return w.str();
        }
        if (has(ctx, "policy")) {
            if (m == "GET") {
                if (auto a = auth("s3:GetBucketPolicy"); !a) return a.error();
                if (!bucket->contains("Policy")) {
                    return make_error("NoSuchBucketPolicy", "The bucket policy does not exist", 404);
                }
                headers["Content-Type"] = "application/json";
                return (*bucket)["Policy"].dump();
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
                status = 204;
            } else if (m == "DELETE") {
                if (auto a = auth("s3:DeleteBucketPolicy"); !a) return a.error();
                bucket->erase("Policy");
                status = 204;
            }
            if (auto r = backend_.save_bucket(tx, *bucket); !r) return r.error();
            return std::string{};
        }
        if (has(ctx, "acl") && m == "GET") {
            if (auto a = auth("s3:GetBucketAcl"); !a) return a.error();
            const std::string owner = (*bucket)["Account"].get<std::string>();
            XmlWriter w;
            w.open("AccessControlPolicy", kXmlns);
            w.open("Owner").leaf("ID", owner).close();
            w.open("AccessControlList")
                .raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                     "xsi:type=\"CanonicalUser\"><ID>" +
                     owner + "</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>")
                .close();
            return w.str();
        }
        if (has(ctx, "acl") && m == "PUT") {
            if (auto a = auth("s3:PutBucketAcl"); !a) return a.error();
            return std::string{};
        }
        for (const auto& sub : subresources()) {
            if (!has(ctx, sub.query)) continue;
            const std::string q = sub.query;
            if (m == "GET") {
                if (auto a = auth(std::string("s3:Get") + sub.action_suffix); !a) return a.error();
                const Json& cfg = (*bucket)["Config"];
                if (cfg.contains(q)) return cfg[q].get<std::string>();
                if (std::string(sub.missing_code).empty()) return std::string(sub.empty_body);
                return make_error(sub.missing_code, "The " + q + " configuration does not exist", 404);
            }
            if (m == "PUT") {
                if (auto a = auth(std::string("s3:Put") + sub.action_suffix); !a) return a.error();
                std::string body = ctx.http.body_text();
                if (body.find('<') == std::string::npos)
                    return malformed_xml("empty " + q + " configuration");
                if (auto doc = aws::protocol::parse_xml(body); !doc)
                    return malformed_xml(doc.error().message);
                if (body.rfind("<?xml", 0) != 0) body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body;
                (*bucket)["Config"][q] = body;
            } else if (m == "DELETE") {
                if (auto a = auth(std::string("s3:Put") + sub.action_suffix); !a) return a.error();
                (*bucket)["Config"].erase(q);
                status = 204;
            }
            if (auto r = backend_.save_bucket(tx, *bucket); !r) return r.error();
            return std::string{};
        }
        if (has(ctx, "uploads") && m == "GET") {
            if (auto a = auth("s3:ListBucketMultipartUploads"); !a) return a.error();
            XmlWriter w;
            w.open("ListMultipartUploadsResult", kXmlns).leaf("Bucket", name).leaf("IsTruncated", "false");
            return w.str();
        }
        return make_error("NotImplemented",
                          "localcloud does not implement this S3 bucket operation (" + m + " ?" +
                              ctx.http.query + ")",
                          501);
    };
    const bool reads = m == "GET" || m == "HEAD";
    auto body = reads ? cloud_.store.read<std::string>(run) : cloud_.store.write<std::string>(run);
    if (!body) return body.error();
    HttpResponse r = render_rest_xml(*body, ctx.request_id, status);
    for (auto& [k, v] : headers)
        r.set_header(k, v);
    return r;
}

Result<HttpResponse> S3Service::create_bucket(RequestContext& ctx, const std::string& name) {
    const std::string body = ctx.http.body_text();
    std::string region;
    if (!strings::trim(body).empty()) {
        auto config = aws::protocol::parse_xml_payload(s3_model(), "CreateBucketConfiguration", body);
        if (!config) return config.error();
        region = config->value("LocationConstraint", "");
    }
    if (region.empty()) region = ctx.region;
    auto created = cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, ctx, nullptr, "s3:CreateBucket", bucket_arn(name)); !a) return a.error();
        return backend_.create_bucket(tx, ctx.caller.account(), region, name, epoch_seconds(ctx.now));
    });
    if (!created) return created.error();
    HttpResponse r = render_rest_xml("", ctx.request_id);
    r.set_header("Location", "/" + name);
    return r;
}

Result<HttpResponse> S3Service::list_objects(RequestContext& ctx, const std::string& name) {
    const bool v2 = ctx.params["list-type"] == "2";
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
    std::string start = v2 ? ctx.params["start-after"] : ctx.params["marker"];
    if (v2 && !ctx.params["continuation-token"].empty()) {
        auto decoded = base64_decode(ctx.params["continuation-token"]);
        if (!decoded)
            return make_error("InvalidArgument", "The continuation token provided is incorrect", 400);
        start = *decoded;
    }
    auto enc = [&](const std::string& s) { return url_encoding ? strings::percent_encode(s, true) : s; };
    auto xml = cloud_.store.read<std::string>([&](Tx& tx) -> Result<std::string> {
        auto bucket = backend_.find_bucket(tx, name);
        if (!bucket) return bucket.error();
        iam::Context extra{{iam::context_key("s3:prefix"), {prefix}},
                           {iam::context_key("s3:delimiter"), {delimiter}},
                           {iam::context_key("s3:max-keys"), {std::to_string(max_keys)}}};
        if (auto a = authorize(tx, ctx, &*bucket, "s3:ListBucket", bucket_arn(name), extra); !a)
            return a.error();
        auto listing = backend_.list_objects(tx, name, prefix, delimiter, start, max_keys);
        if (!listing) return listing.error();
        XmlWriter w;
        w.open("ListBucketResult", kXmlns).leaf("Name", name).leaf("Prefix", enc(prefix));
        if (!delimiter.empty()) w.leaf("Delimiter", enc(delimiter));
        w.leaf("MaxKeys", std::to_string(max_keys));
        if (url_encoding) w.leaf("EncodingType", "url");
        w.leaf("IsTruncated", listing->truncated ? "true" : "false");
        if (v2) {
            w.leaf("KeyCount", std::to_string(listing->objects.size() + listing->common_prefixes.size()));
            if (!ctx.params["continuation-token"].empty()) {
                w.leaf("ContinuationToken", ctx.params["continuation-token"]);
            }
            if (!ctx.params["start-after"].empty()) w.leaf("StartAfter", enc(ctx.params["start-after"]));
            if (listing->truncated) w.leaf("NextContinuationToken", base64_encode(listing->next_key));
        } else {
            w.leaf("Marker", enc(ctx.params["marker"]));
            if (listing->truncated) w.leaf("NextMarker", enc(listing->next_key));
        }
        for (const auto& o : listing->objects) {
            w.open("Contents")
                .leaf("Key", enc(o["Key"].get<std::string>()))
                .leaf("LastModified", iso_millis(o["LastModified"].get<long long>()))
                .leaf("ETag", o["ETag"].get<std::string>())
                .leaf("Size", std::to_string(o["Size"].get<std::uint64_t>()))
                .leaf("StorageClass", "STANDARD");
            if (!v2 || ctx.params["fetch-owner"] == "true") {
                w.open("Owner").leaf("ID", (*bucket)["Account"].get<std::string>()).close();
            }
            w.close();
        }
        for (const auto& p : listing->common_prefixes)
            w.open("CommonPrefixes").leaf("Prefix", enc(p)).close();
        return w.str();
    });
    if (!xml) return xml.error();
    return render_rest_xml(*xml, ctx.request_id);
}

Result<HttpResponse> S3Service::delete_objects(RequestContext& ctx, const std::string& name) {
    // The body is decoded (by the model's Delete shape) before the transaction: a malformed one fails the
    // request, and nothing is deleted.
    auto request = aws::protocol::parse_xml_payload(s3_model(), "Delete", ctx.http.body_text());
    if (!request) return request.error();
    const bool quiet = request->value("Quiet", false);
    std::vector<std::string> keys;
    for (const auto& obj : (*request)["Objects"])
        keys.push_back(obj.value("Key", ""));
    std::vector<std::string> removed_files;
    auto xml = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
        auto bucket = backend_.find_bucket(tx, name);
        if (!bucket) return bucket.error();
        XmlWriter w;
        w.open("DeleteResult", kXmlns);
        for (const auto& key : keys) {
            if (auto a = authorize(tx, ctx, &*bucket, "s3:DeleteObject", object_arn(name, key)); !a) {
                w.open("Error")
                    .leaf("Key", key)
                    .leaf("Code", a.error().code)
                    .leaf("Message", a.error().message)
                    .close();
                continue;
            }
            auto file = backend_.delete_object(tx, name, key);
            if (!file) return file.error();
            removed_files.push_back(*file);
            if (!quiet) w.open("Deleted").leaf("Key", key).close();
        }
        return w.str();
    });
    if (!xml) return xml.error();
    for (const auto& f : removed_files)
        remove_file(cloud_.objects_dir, f);
    return render_rest_xml(*xml, ctx.request_id);
}

void register_s3(CloudContext& cloud, ServiceRegistry& services,
                 cloudformation::ProviderRegistry& providers) {
    services.add(std::make_unique<S3Service>(cloud));
    providers.add(std::make_unique<CfnBucketProvider>(cloud));
    providers.add(std::make_unique<CfnBucketPolicyProvider>(cloud));
}

} // namespace cdk::localcloud::s3
