#include "core/strings.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/protocol/xml_writer.hpp"
#include "localcloud/s3/s3_backend.hpp"
#include "localcloud/s3/s3_errors.hpp"
#include "localcloud/s3/s3_object_files.hpp"
#include "localcloud/s3/s3_routes.hpp"
#include "localcloud/state/ids.hpp"

#include <functional>
#include <map>
#include <openssl/evp.h>

namespace cdk::localcloud::s3 {

namespace {

constexpr std::string_view kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

/// Configuration subresources stored as the XML the client sent, with the error for a missing one.
struct Subresource {
    const char* query;
    const char* action_suffix;  ///< s3:Get<suffix> / s3:Put<suffix>
    const char* missing_code;   ///< "" = return `empty_body`
    const char* empty_body;
};

const std::vector<Subresource>& subresources() {
    static const std::vector<Subresource> kList = {
        {"publicAccessBlock", "BucketPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration", ""},
        {"encryption", "EncryptionConfiguration", "ServerSideEncryptionConfigurationNotFoundError", ""},
        {"versioning", "BucketVersioning", "", "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"},
        {"tagging", "BucketTagging", "NoSuchTagSet", ""},
        {"lifecycle", "LifecycleConfiguration", "NoSuchLifecycleConfiguration", ""},
        {"cors", "BucketCORS", "NoSuchCORSConfiguration", ""},
        {"ownershipControls", "BucketOwnershipControls", "OwnershipControlsNotFoundError", ""},
        {"website", "BucketWebsite", "NoSuchWebsiteConfiguration", ""},
        {"logging", "BucketLogging", "", "<BucketLoggingStatus xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"},
        {"notification", "BucketNotification", "",
         "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"},
        {"replication", "ReplicationConfiguration", "ReplicationConfigurationNotFoundError", ""},
        {"accelerate", "AccelerateConfiguration", "", "<AccelerateConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"},
        {"requestPayment", "BucketRequestPayment", "",
         "<RequestPaymentConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Payer>BucketOwner</Payer></RequestPaymentConfiguration>"},
    };
    return kList;
}

std::string iso_millis(long long epoch) {
    std::string s = iso8601(std::chrono::system_clock::time_point(std::chrono::seconds(epoch)));
    return s.substr(0, s.size() - 1) + ".000Z";
}

/// Where a request points: bucket and key from virtual-hosted or path-style addressing.
struct Target {
    std::string bucket;
    std::string key;
};

Target parse_target(const HttpRequest& request) {
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
    const std::string path = url_decode(request.path);
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

/// S3 over REST-XML. Every operation is authorized against the caller's identity policies and the
/// bucket policy (cross-account needs both); SSE-KMS objects need the KMS key policy's consent.
class S3Service final : public Service {
public:
    explicit S3Service(CloudContext& cloud) : cloud_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "s3"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::RestXml; }

    Result<HttpResponse> handle(RequestContext& ctx) override {
        // Loopback is the only transport: treat it as secure so bootstrap bucket policies
        // (Deny when aws:SecureTransport is false) behave as they do on AWS over HTTPS.
        ctx.condition_context[iam::context_key("aws:SecureTransport")] = {"true"};
        for (auto& [k, v] : parse_query(ctx.http.query)) ctx.params[k] = v;
        const Target t = parse_target(ctx.http);
        const std::string& m = ctx.http.method;
        if (t.bucket.empty()) {
            if (m == "GET") return list_buckets(ctx);
            return make_error("MethodNotAllowed", "The specified method is not allowed against this resource.", 405);
        }
        if (t.key.empty()) return bucket_operation(ctx, t.bucket);
        return object_operation(ctx, t);
    }

private:
    bool has(const RequestContext& ctx, const std::string& q) const { return ctx.params.count(q) != 0; }

    Result<void> authorize(Tx& tx, RequestContext& ctx, const Json* bucket, const std::string& action,
                           const std::string& resource, const iam::Context& extra = {}) {
        iam::Context c = ctx.condition_context;
        for (const auto& [k, v] : extra) c[k] = v;
        std::optional<Json> policy;
        std::string owner = ctx.caller.account();
        auto mode = iam::ResourcePolicyMode::None;
        if (bucket != nullptr) {
            owner = (*bucket)["Account"].get<std::string>();
            if (bucket->contains("Policy")) policy = (*bucket)["Policy"];
            mode = iam::ResourcePolicyMode::Optional;
            c[iam::context_key("s3:ResourceAccount")] = {owner};
            c[iam::context_key("aws:ResourceAccount")] = {owner};
        }
        return cloud_.iam.authorize(tx, ctx.caller, action, resource, owner, policy, mode, c);
    }

    static std::string bucket_arn(const std::string& b) { return "arn:aws:s3:::" + b; }
    static std::string object_arn(const std::string& b, const std::string& k) { return "arn:aws:s3:::" + b + "/" + k; }

    Result<HttpResponse> list_buckets(RequestContext& ctx) {
        auto xml = cloud_.store.read<std::string>([&](Tx& tx) -> Result<std::string> {
            if (auto a = authorize(tx, ctx, nullptr, "s3:ListAllMyBuckets", "*"); !a) return a.error();
            auto buckets = backend_.list_buckets(tx, ctx.caller.account());
            if (!buckets) return buckets.error();
            XmlWriter w;
            w.open("ListAllMyBucketsResult", kXmlns);
            w.open("Owner").leaf("ID", ctx.caller.account()).leaf("DisplayName", ctx.caller.account()).close();
            w.open("Buckets");
            for (const auto& b : *buckets) {
                w.open("Bucket").leaf("Name", b["Name"].get<std::string>())
                    .leaf("CreationDate", iso_millis(b["CreationDate"].get<long long>())).close();
            }
            w.close();
            return w.str();
        });
        if (!xml) return xml.error();
        return render_rest_xml(*xml, ctx.request_id);
    }

    Result<HttpResponse> bucket_operation(RequestContext& ctx, const std::string& name) {
        const std::string& m = ctx.http.method;
        if (m == "PUT" && ctx.params.empty()) return create_bucket(ctx, name);
        if (m == "GET" && (has(ctx, "list-type") || ctx.params.empty() || has(ctx, "prefix") ||
                           has(ctx, "delimiter") || has(ctx, "max-keys") || has(ctx, "marker") ||
                           has(ctx, "encoding-type"))) {
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
                    try {
                        Json policy = Json::parse(ctx.http.body_text());
                        if (!policy.contains("Statement")) throw std::runtime_error("no Statement");
                        (*bucket)["Policy"] = policy;
                    } catch (const std::exception& e) {
                        return make_error("MalformedPolicy", std::string("Policies must be valid JSON: ") + e.what(),
                                          400);
                    }
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
                w.open("AccessControlList").raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                                                "xsi:type=\"CanonicalUser\"><ID>" + owner +
                                                "</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>").close();
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
                    if (body.find('<') == std::string::npos) return malformed_xml("empty " + q + " configuration");
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
            return make_error("NotImplemented", "localcloud does not implement this S3 bucket operation (" +
                                                    m + " ?" + ctx.http.query + ")",
                              501);
        };
        const bool reads = m == "GET" || m == "HEAD";
        auto body = reads ? cloud_.store.read<std::string>(run) : cloud_.store.write<std::string>(run);
        if (!body) return body.error();
        HttpResponse r = render_rest_xml(*body, ctx.request_id, status);
        for (auto& [k, v] : headers) r.set_header(k, v);
        return r;
    }

    Result<HttpResponse> create_bucket(RequestContext& ctx, const std::string& name) {
        const std::string body = ctx.http.body_text();
        std::string region = xml_find(body, "LocationConstraint");
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

    Result<HttpResponse> list_objects(RequestContext& ctx, const std::string& name) {
        const bool v2 = ctx.params["list-type"] == "2";
        const std::string prefix = ctx.params["prefix"];
        const std::string delimiter = ctx.params["delimiter"];
        const bool url_encoding = ctx.params["encoding-type"] == "url";
        std::size_t max_keys = 1000;
        if (!ctx.params["max-keys"].empty()) max_keys = std::min<std::size_t>(1000, std::stoul(ctx.params["max-keys"]));
        std::string start = v2 ? ctx.params["start-after"] : ctx.params["marker"];
        if (v2 && !ctx.params["continuation-token"].empty()) {
            auto decoded = base64_decode(ctx.params["continuation-token"]);
            if (!decoded) return make_error("InvalidArgument", "The continuation token provided is incorrect", 400);
            start = *decoded;
        }
        auto enc = [&](const std::string& s) { return url_encoding ? url_encode(s, true) : s; };
        auto xml = cloud_.store.read<std::string>([&](Tx& tx) -> Result<std::string> {
            auto bucket = backend_.find_bucket(tx, name);
            if (!bucket) return bucket.error();
            iam::Context extra{{iam::context_key("s3:prefix"), {prefix}},
                               {iam::context_key("s3:delimiter"), {delimiter}},
                               {iam::context_key("s3:max-keys"), {std::to_string(max_keys)}}};
            if (auto a = authorize(tx, ctx, &*bucket, "s3:ListBucket", bucket_arn(name), extra); !a) return a.error();
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
            for (const auto& p : listing->common_prefixes) w.open("CommonPrefixes").leaf("Prefix", enc(p)).close();
            return w.str();
        });
        if (!xml) return xml.error();
        return render_rest_xml(*xml, ctx.request_id);
    }

    Result<HttpResponse> delete_objects(RequestContext& ctx, const std::string& name) {
        const std::string body = ctx.http.body_text();
        const bool quiet = xml_find(body, "Quiet") == "true";
        std::vector<std::string> removed_files;
        auto xml = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
            auto bucket = backend_.find_bucket(tx, name);
            if (!bucket) return bucket.error();
            XmlWriter w;
            w.open("DeleteResult", kXmlns);
            for (const auto& obj : xml_find_all(body, "Object")) {
                const std::string key = xml_unescape(xml_find(obj, "Key"));
                if (auto a = authorize(tx, ctx, &*bucket, "s3:DeleteObject", object_arn(name, key)); !a) {
                    w.open("Error").leaf("Key", key).leaf("Code", a.error().code).leaf("Message", a.error().message)
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
        for (const auto& f : removed_files) remove_file(cloud_.objects_dir, f);
        return render_rest_xml(*xml, ctx.request_id);
    }

    Result<HttpResponse> object_operation(RequestContext& ctx, const Target& t) {
        const std::string& m = ctx.http.method;
        if (m == "PUT" && has(ctx, "partNumber") && has(ctx, "uploadId")) return upload_part(ctx, t);
        if (m == "PUT" && has(ctx, "tagging")) return put_object_tagging(ctx, t);
        if (m == "PUT") return put_object(ctx, t);
        if ((m == "GET" || m == "HEAD") && has(ctx, "tagging")) return get_object_tagging(ctx, t);
        if (m == "GET" || m == "HEAD") return get_object(ctx, t);
        if (m == "DELETE" && has(ctx, "uploadId")) return abort_upload(ctx, t);
        if (m == "DELETE") return delete_object(ctx, t);
        if (m == "POST" && has(ctx, "uploads")) return create_upload(ctx, t);
        if (m == "POST" && has(ctx, "uploadId")) return complete_upload(ctx, t);
        return make_error("NotImplemented", "localcloud does not implement this S3 object operation", 501);
    }

    /// SSE settings of a new object: from the request headers, else the bucket's default encryption.
    struct Sse {
        std::string algorithm;
        std::string key_ref;
    };

    static Sse sse_for(const RequestContext& ctx, const Json& bucket, const std::string& prefix = "x-amz-") {
        Sse s{ctx.http.header(prefix + "server-side-encryption"),
              ctx.http.header(prefix + "server-side-encryption-aws-kms-key-id")};
        if (s.algorithm.empty() && bucket["Config"].contains("encryption")) {
            const std::string cfg = bucket["Config"]["encryption"].get<std::string>();
            s.algorithm = xml_find(cfg, "SSEAlgorithm");
            s.key_ref = xml_find(cfg, "KMSMasterKeyID");
        }
        return s;
    }

    /// Seals a fresh data key with the object's KMS key (kms:GenerateDataKey through S3): the key policy decides.
    Result<void> apply_kms(Tx& tx, RequestContext& ctx, const Json& bucket, const std::string& key, const Sse& sse,
                           Json& object) {
        if (sse.algorithm.empty()) return ok();
        object["SSE"] = sse.algorithm;
        if (sse.algorithm != "aws:kms" && sse.algorithm != "aws:kms:dsse") return ok();
        std::string key_ref = sse.key_ref;
        const std::string region = bucket["Region"].get<std::string>();
        if (key_ref.empty() || key_ref == "alias/aws/s3") {
            auto id = cloud_.kms->ensure_aws_managed_key(tx, ctx.caller.account(), region, "s3");
            if (!id) return id.error();
            key_ref = *id;
        }
        auto blob = cloud_.kms->encrypt(tx, cloud_.iam, ctx.caller, region, key_ref, random_bytes(32),
                                        Json{{"aws:s3:arn", object_arn(bucket["Name"].get<std::string>(), key)}},
                                        ctx.condition_context, "s3." + region + ".amazonaws.com",
                                        "kms:GenerateDataKey");
        if (!blob) return blob.error();
        const std::size_t len = static_cast<unsigned char>((*blob)[4]);
        object["KmsKeyArn"] = blob->substr(5, len);
        object["DataKey"] = base64_encode(*blob);
        return ok();
    }

    static void object_headers(HttpResponse& r, const Json& o) {
        r.set_header("ETag", o["ETag"].get<std::string>());
        if (o.contains("SSE")) r.set_header("x-amz-server-side-encryption", o["SSE"].get<std::string>());
        if (o.contains("KmsKeyArn")) {
            r.set_header("x-amz-server-side-encryption-aws-kms-key-id", o["KmsKeyArn"].get<std::string>());
        }
        if (o.contains("ChecksumSHA256")) r.set_header("x-amz-checksum-sha256", o["ChecksumSHA256"].get<std::string>());
    }

    Json new_object(const RequestContext& ctx, const std::string& key, const StoredFile& file) {
        Json o{{"Key", key},
               {"Size", file.size},
               {"ETag", "\"" + file.md5_hex + "\""},
               {"LastModified", epoch_seconds(ctx.now)},
               {"File", file.file_id},
               {"ContentType", ctx.http.header("content-type").empty() ? "binary/octet-stream"
                                                                        : ctx.http.header("content-type")},
               {"Metadata", Json::object()},
               {"Headers", Json::object()}};
        for (const auto& [k, v] : ctx.http.headers) {
            if (strings::starts_with(k, "x-amz-meta-")) o["Metadata"][k.substr(11)] = v;
            if (k == "cache-control" || k == "content-disposition" || k == "content-language" || k == "expires" ||
                (k == "content-encoding" && v.find("aws-chunked") == std::string::npos)) {
                o["Headers"][k] = v;
            }
        }
        if (ctx.http.has_header("x-amz-checksum-sha256") || ctx.http.header("x-amz-sdk-checksum-algorithm") == "SHA256") {
            o["ChecksumSHA256"] = file.sha256_b64;
        }
        return o;
    }

    /// Commits an object record for a durable file; on failure the file is removed.
    Result<Json> commit_object(RequestContext& ctx, const Target& t, Json object, const std::string& action,
                                       const std::function<Result<void>(Tx&, const Json&)>& extra_check = {}) {
        const std::string new_file = object["File"].get<std::string>();
        auto replaced = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
            auto bucket = backend_.find_bucket(tx, t.bucket);
            if (!bucket) return bucket.error();
            iam::Context extra;
            const Sse sse = sse_for(ctx, *bucket);
            if (!ctx.http.header("x-amz-server-side-encryption").empty()) {
                extra[iam::context_key("s3:x-amz-server-side-encryption")] = {sse.algorithm};
            }
            if (auto a = authorize(tx, ctx, &*bucket, action, object_arn(t.bucket, t.key), extra); !a) {
                return a.error();
            }
            if (extra_check) {
                if (auto c = extra_check(tx, *bucket); !c) return c.error();
            }
            if (auto k = apply_kms(tx, ctx, *bucket, t.key, sse, object); !k) return k.error();
            return backend_.put_object(tx, t.bucket, object);
        });
        if (!replaced) {
            remove_file(cloud_.objects_dir, new_file);
            return replaced.error();
        }
        if (*replaced != new_file) remove_file(cloud_.objects_dir, *replaced);
        return object;
    }

    Result<HttpResponse> put_object(RequestContext& ctx, const Target& t) {
        const std::string copy_source = ctx.http.header("x-amz-copy-source");
        if (!copy_source.empty()) return copy_object(ctx, t, copy_source);
        auto file = store_body(cloud_.objects_dir, ctx.http);
        if (!file) return file.error();
        if (const std::string want = ctx.http.header("x-amz-checksum-sha256"); !want.empty() && want != file->sha256_b64) {
            remove_file(cloud_.objects_dir, file->file_id);
            return make_error("BadDigest", "The SHA256 you specified did not match the calculated checksum.", 400);
        }
        Json object = new_object(ctx, t.key, *file);
        auto stored = commit_object(ctx, t, object, "s3:PutObject");
        if (!stored) return stored.error();
        HttpResponse r = render_rest_xml("", ctx.request_id);
        object_headers(r, *stored);
        return r;
    }

    Result<HttpResponse> copy_object(RequestContext& ctx, const Target& t, const std::string& source) {
        std::string src = url_decode(source);
        if (const auto q = src.find('?'); q != std::string::npos) src = src.substr(0, q);
        if (!src.empty() && src.front() == '/') src = src.substr(1);
        const auto slash = src.find('/');
        if (slash == std::string::npos) return make_error("InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey", 400);
        const std::string src_bucket = src.substr(0, slash);
        const std::string src_key = src.substr(slash + 1);
        auto source_object = cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
            auto bucket = backend_.find_bucket(tx, src_bucket);
            if (!bucket) return bucket.error();
            if (auto a = authorize(tx, ctx, &*bucket, "s3:GetObject", object_arn(src_bucket, src_key)); !a) {
                return a.error();
            }
            auto o = backend_.get_object(tx, src_bucket, src_key);
            if (!o) return o.error();
            if (!o->has_value()) return no_such_key(src_key);
            if ((**o).contains("DataKey")) {
                auto blob = base64_decode((**o)["DataKey"].get<std::string>());
                if (!blob) return blob.error();
                auto d = cloud_.kms->decrypt(tx, cloud_.iam, ctx.caller, *blob,
                                             Json{{"aws:s3:arn", object_arn(src_bucket, src_key)}},
                                             ctx.condition_context,
                                             "s3." + (*bucket)["Region"].get<std::string>() + ".amazonaws.com");
                if (!d) return d.error();
            }
            return std::move(**o);
        });
        if (!source_object) return source_object.error();
        auto file = copy_file(cloud_.objects_dir, (*source_object)["File"].get<std::string>());
        if (!file) return file.error();
        Json object = new_object(ctx, t.key, *file);
        if (ctx.http.header("x-amz-metadata-directive") != "REPLACE") {
            object["Metadata"] = (*source_object)["Metadata"];
            object["ContentType"] = (*source_object)["ContentType"];
            object["Headers"] = (*source_object)["Headers"];
        }
        auto stored = commit_object(ctx, t, object, "s3:PutObject");
        if (!stored) return stored.error();
        XmlWriter w;
        w.open("CopyObjectResult", kXmlns)
            .leaf("LastModified", iso_millis(object["LastModified"].get<long long>()))
            .leaf("ETag", object["ETag"].get<std::string>());
        HttpResponse r = render_rest_xml(w.str(), ctx.request_id);
        object_headers(r, *stored);
        // CopyObject carries the ETag in its body, not as a header.
        std::erase_if(r.headers, [](const auto& h) { return h.first == "ETag"; });
        return r;
    }

    Result<HttpResponse> get_object(RequestContext& ctx, const Target& t) {
        auto object = cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
            auto bucket = backend_.find_bucket(tx, t.bucket);
            if (!bucket) return bucket.error();
            if (auto a = authorize(tx, ctx, &*bucket, "s3:GetObject", object_arn(t.bucket, t.key)); !a) {
                return a.error();
            }
            auto o = backend_.get_object(tx, t.bucket, t.key);
            if (!o) return o.error();
            if (!o->has_value()) {
                // Without s3:ListBucket AWS answers 403 rather than revealing absence.
                if (auto l = authorize(tx, ctx, &*bucket, "s3:ListBucket", bucket_arn(t.bucket)); !l) {
                    return make_error("AccessDenied", "Access Denied", 403);
                }
                return no_such_key(t.key);
            }
            if ((**o).contains("DataKey")) {
                auto blob = base64_decode((**o)["DataKey"].get<std::string>());
                if (!blob) return blob.error();
                auto d = cloud_.kms->decrypt(tx, cloud_.iam, ctx.caller, *blob,
                                             Json{{"aws:s3:arn", object_arn(t.bucket, t.key)}}, ctx.condition_context,
                                             "s3." + (*bucket)["Region"].get<std::string>() + ".amazonaws.com");
                if (!d) return d.error();
            }
            return std::move(**o);
        });
        if (!object) return object.error();
        const Json& o = *object;
        HttpResponse r;
        r.set_header("x-amz-request-id", ctx.request_id);
        r.set_header("Content-Type", o["ContentType"].get<std::string>());
        r.set_header("Last-Modified", http_date(o["LastModified"].get<long long>()));
        r.set_header("Accept-Ranges", "bytes");
        object_headers(r, o);
        for (const auto& [k, v] : o["Metadata"].items()) r.set_header("x-amz-meta-" + k, v.get<std::string>());
        for (const auto& [k, v] : o["Headers"].items()) r.set_header(k, v.get<std::string>());
        const std::uint64_t size = o["Size"].get<std::uint64_t>();
        std::uint64_t first = 0;
        std::uint64_t last = size == 0 ? 0 : size - 1;
        const std::string range = ctx.http.header("range");
        if (!range.empty() && strings::starts_with(range, "bytes=")) {
            const std::string spec = range.substr(6);
            const auto dash = spec.find('-');
            try {
                if (dash == 0) {
                    const std::uint64_t n = std::stoull(spec.substr(1));
                    first = n >= size ? 0 : size - n;
                } else {
                    first = std::stoull(spec.substr(0, dash));
                    if (dash + 1 < spec.size()) last = std::min<std::uint64_t>(last, std::stoull(spec.substr(dash + 1)));
                }
            } catch (const std::exception&) {
                return invalid_range(range);
            }
            if (first >= size || first > last) return invalid_range(range);
            r.status = 206;
            r.set_header("Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                                              std::to_string(size));
        }
        r.body_file = cloud_.objects_dir / o["File"].get<std::string>();
        r.file_offset = first;
        r.file_length = size == 0 ? 0 : last - first + 1;
        if (size == 0) r.body_file.clear();
        return r;
    }

    Result<HttpResponse> delete_object(RequestContext& ctx, const Target& t) {
        auto file = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
            auto bucket = backend_.find_bucket(tx, t.bucket);
            if (!bucket) return bucket.error();
            if (auto a = authorize(tx, ctx, &*bucket, "s3:DeleteObject", object_arn(t.bucket, t.key)); !a) {
                return a.error();
            }
            return backend_.delete_object(tx, t.bucket, t.key);
        });
        if (!file) return file.error();
        remove_file(cloud_.objects_dir, *file);
        return render_rest_xml("", ctx.request_id, 204);
    }

    Result<HttpResponse> get_object_tagging(RequestContext& ctx, const Target& t) {
        auto object = cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
            auto bucket = backend_.find_bucket(tx, t.bucket);
            if (!bucket) return bucket.error();
            if (auto a = authorize(tx, ctx, &*bucket, "s3:GetObjectTagging", object_arn(t.bucket, t.key)); !a) {
                return a.error();
            }
            auto o = backend_.get_object(tx, t.bucket, t.key);
            if (!o) return o.error();
            if (!o->has_value()) return no_such_key(t.key);
            return std::move(**o);
        });
        if (!object) return object.error();
        XmlWriter w;
        w.open("Tagging", kXmlns).open("TagSet");
        const Json tags = object->value("Tags", Json::object());
        for (const auto& [k, v] : tags.items()) {
            w.open("Tag").leaf("Key", k).leaf("Value", v.get<std::string>()).close();
        }
        return render_rest_xml(w.str(), ctx.request_id);
    }

    Result<HttpResponse> put_object_tagging(RequestContext& ctx, const Target& t) {
        const std::string body = ctx.http.body_text();
        auto r = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
            auto bucket = backend_.find_bucket(tx, t.bucket);
            if (!bucket) return bucket.error();
            if (auto a = authorize(tx, ctx, &*bucket, "s3:PutObjectTagging", object_arn(t.bucket, t.key)); !a) {
                return a.error();
            }
            auto o = backend_.get_object(tx, t.bucket, t.key);
            if (!o) return o.error();
            if (!o->has_value()) return no_such_key(t.key);
            Json tags = Json::object();
            for (const auto& tag : xml_find_all(body, "Tag")) {
                tags[xml_unescape(xml_find(tag, "Key"))] = xml_unescape(xml_find(tag, "Value"));
            }
            (**o)["Tags"] = tags;
            auto put = backend_.put_object(tx, t.bucket, **o);
            if (!put) return put.error();
            return std::string{};
        });
        if (!r) return r.error();
        return render_rest_xml("", ctx.request_id);
    }

    Result<HttpResponse> create_upload(RequestContext& ctx, const Target& t) {
        const std::string upload_id = random_id("LCUP", 40);
        auto r = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
            auto bucket = backend_.find_bucket(tx, t.bucket);
            if (!bucket) return bucket.error();
            if (auto a = authorize(tx, ctx, &*bucket, "s3:PutObject", object_arn(t.bucket, t.key)); !a) {
                return a.error();
            }
            StoredFile none;
            Json templ = new_object(ctx, t.key, none);
            Json upload{{"UploadId", upload_id}, {"Bucket", t.bucket}, {"Key", t.key}, {"Template", templ},
                        {"SSE", ctx.http.header("x-amz-server-side-encryption")},
                        {"SSEKey", ctx.http.header("x-amz-server-side-encryption-aws-kms-key-id")},
                        {"Parts", Json::object()}, {"Caller", ctx.caller.arn()}};
            if (auto p = backend_.put_upload(tx, upload); !p) return p.error();
            return std::string{};
        });
        if (!r) return r.error();
        XmlWriter w;
        w.open("InitiateMultipartUploadResult", kXmlns).leaf("Bucket", t.bucket).leaf("Key", t.key)
            .leaf("UploadId", upload_id);
        return render_rest_xml(w.str(), ctx.request_id);
    }

    Result<HttpResponse> upload_part(RequestContext& ctx, const Target& t) {
        const std::string upload_id = ctx.params["uploadId"];
        int part = 0;
        try {
            part = std::stoi(ctx.params["partNumber"]);
        } catch (const std::exception&) {
            part = 0;
        }
        if (part < 1 || part > 10000) return make_error("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive", 400);
        auto file = store_body(cloud_.objects_dir, ctx.http);
        if (!file) return file.error();
        auto replaced = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
            auto bucket = backend_.find_bucket(tx, t.bucket);
            if (!bucket) return bucket.error();
            if (auto a = authorize(tx, ctx, &*bucket, "s3:PutObject", object_arn(t.bucket, t.key)); !a) {
                return a.error();
            }
            auto upload = backend_.get_upload(tx, upload_id);
            if (!upload) return upload.error();
            if (!upload->has_value() || (**upload)["Key"] != t.key) return no_such_upload(upload_id);
            const std::string n = std::to_string(part);
            std::string old = (**upload)["Parts"].contains(n) ? (**upload)["Parts"][n].value("File", "") : "";
            (**upload)["Parts"][n] = {{"File", file->file_id}, {"ETag", "\"" + file->md5_hex + "\""},
                                      {"Size", file->size}, {"Md5", file->md5_hex}};
            if (auto p = backend_.put_upload(tx, **upload); !p) return p.error();
            return old;
        });
        if (!replaced) {
            remove_file(cloud_.objects_dir, file->file_id);
            return replaced.error();
        }
        remove_file(cloud_.objects_dir, *replaced);
        HttpResponse r = render_rest_xml("", ctx.request_id);
        r.set_header("ETag", "\"" + file->md5_hex + "\"");
        return r;
    }

    Result<HttpResponse> complete_upload(RequestContext& ctx, const Target& t) {
        const std::string upload_id = ctx.params["uploadId"];
        const std::string body = ctx.http.body_text();
        auto upload = cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
            auto u = backend_.get_upload(tx, upload_id);
            if (!u) return u.error();
            if (!u->has_value() || (**u)["Key"] != t.key) return no_such_upload(upload_id);
            return std::move(**u);
        });
        if (!upload) return upload.error();
        std::vector<std::string> files;
        std::string md5s;
        int last = 0;
        for (const auto& p : xml_find_all(body, "Part")) {
            const std::string n = strings::trim(xml_find(p, "PartNumber")).data();
            const int number = std::atoi(n.c_str());
            if (number <= last) return make_error("InvalidPartOrder", "The list of parts was not in ascending order.", 400);
            last = number;
            const Json& parts = (*upload)["Parts"];
            if (!parts.contains(std::to_string(number))) return invalid_part("One or more of the specified parts could not be found: " + n);
            const Json& part = parts[std::to_string(number)];
            std::string etag = xml_unescape(xml_find(p, "ETag"));
            if (!etag.empty() && etag.front() != '"') etag = "\"" + etag + "\"";
            if (!etag.empty() && etag != part["ETag"].get<std::string>()) {
                return invalid_part("Part " + n + "'s ETag does not match the uploaded part");
            }
            files.push_back(part["File"].get<std::string>());
            const std::string hex = part["Md5"].get<std::string>();
            for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
                md5s.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
            }
        }
        if (files.empty()) return malformed_xml("CompleteMultipartUpload lists no part");
        auto file = concat_files(cloud_.objects_dir, files);
        if (!file) return file.error();
        unsigned char md[16];
        unsigned int len = 0;
        EVP_Digest(md5s.data(), md5s.size(), md, &len, EVP_md5(), nullptr);
        Json object = (*upload)["Template"];
        object["Size"] = file->size;
        object["File"] = file->file_id;
        object["ETag"] = "\"" + strings::to_hex(std::string_view(reinterpret_cast<char*>(md), len)) + "-" +
                         std::to_string(files.size()) + "\"";
        object["LastModified"] = epoch_seconds(ctx.now);
        if (!(*upload)["SSE"].get<std::string>().empty()) {
            ctx.http.headers.emplace_back("x-amz-server-side-encryption", (*upload)["SSE"].get<std::string>());
            ctx.http.headers.emplace_back("x-amz-server-side-encryption-aws-kms-key-id",
                                          (*upload)["SSEKey"].get<std::string>());
        }
        auto stored = commit_object(ctx, t, object, "s3:PutObject", [&](Tx& tx, const Json&) -> Result<void> {
            auto u = backend_.get_upload(tx, upload_id);
            if (!u) return u.error();
            if (!u->has_value()) return no_such_upload(upload_id);
            return backend_.delete_upload(tx, upload_id);
        });
        if (!stored) return stored.error();
        for (const auto& [n, part] : (*upload)["Parts"].items()) {
            (void)n;
            remove_file(cloud_.objects_dir, part["File"].get<std::string>());
        }
        XmlWriter w;
        w.open("CompleteMultipartUploadResult", kXmlns)
            .leaf("Location", "/" + t.bucket + "/" + t.key)
            .leaf("Bucket", t.bucket)
            .leaf("Key", t.key)
            .leaf("ETag", object["ETag"].get<std::string>());
        HttpResponse r = render_rest_xml(w.str(), ctx.request_id);
        object_headers(r, *stored);
        return r;
    }

    Result<HttpResponse> abort_upload(RequestContext& ctx, const Target& t) {
        const std::string upload_id = ctx.params["uploadId"];
        auto upload = cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
            auto bucket = backend_.find_bucket(tx, t.bucket);
            if (!bucket) return bucket.error();
            if (auto a = authorize(tx, ctx, &*bucket, "s3:AbortMultipartUpload", object_arn(t.bucket, t.key)); !a) {
                return a.error();
            }
            auto u = backend_.get_upload(tx, upload_id);
            if (!u) return u.error();
            if (!u->has_value()) return no_such_upload(upload_id);
            if (auto d = backend_.delete_upload(tx, upload_id); !d) return d.error();
            return std::move(**u);
        });
        if (!upload) return upload.error();
        for (const auto& [n, part] : (*upload)["Parts"].items()) {
            (void)n;
            remove_file(cloud_.objects_dir, part["File"].get<std::string>());
        }
        return render_rest_xml("", ctx.request_id, 204);
    }

    CloudContext& cloud_;
    S3Backend backend_;
};

} // namespace

void register_s3(CloudContext& cloud, ServiceRegistry& services, cloudformation::ProviderRegistry& /*providers*/) {
    services.add(std::make_unique<S3Service>(cloud));
}

} // namespace cdk::localcloud::s3
