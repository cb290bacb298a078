#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/s3/s3_errors.hpp"
#include "localcloud/s3/s3_service.hpp"
#include "localcloud/state/ids.hpp"

#include <openssl/evp.h>

#include <functional>

namespace cdk::localcloud::s3 {

namespace {

/// What a GET's Range header asks of an object of `size` bytes.
struct ByteRange {
    enum class Kind { Whole, Unsatisfiable, Part } kind = Kind::Whole;
    std::uint64_t first = 0;
    std::uint64_t last = 0;
};

/// One range "bytes=F-L", "bytes=F-" or "bytes=-N", whole digits only. Anything else (absent, "bytes=5x-",
/// "bytes=3-1", several ranges) is Whole, as S3 ignores it; a range that starts at or past the end (or a
/// suffix of 0 bytes, or any range of an empty object) is Unsatisfiable; the last byte is clamped to the
/// object's.
ByteRange byte_range(std::string_view header, std::uint64_t size) {
    if (!strings::starts_with(header, "bytes=")) return {};
    const std::string_view spec = header.substr(6);
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos) return {};
    const auto head = cdk::parse_int<std::uint64_t>(spec.substr(0, dash));
    const std::string_view tail = spec.substr(dash + 1);
    const auto end = cdk::parse_int<std::uint64_t>(tail);
    ByteRange r{ByteRange::Kind::Part, 0, size == 0 ? 0 : size - 1};
    if (dash == 0) {
        if (!end) return {};
        if (*end == 0 || size == 0) return {ByteRange::Kind::Unsatisfiable};
        r.first = *end >= size ? 0 : size - *end;
        return r;
    }
    if (!head || (!tail.empty() && !end) || (end && *end < *head)) return {};
    if (*head >= size) return {ByteRange::Kind::Unsatisfiable};
    r.first = *head;
    if (end) r.last = std::min(r.last, *end);
    return r;
}

} // namespace

Result<ServerResponse> S3Service::object_operation(RequestContext& ctx, const Target& t) {
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

S3Service::Sse S3Service::sse_for(const RequestContext& ctx, const Json& bucket, const std::string& prefix) {
    Sse s{ctx.http.header(prefix + "server-side-encryption"),
          ctx.http.header(prefix + "server-side-encryption-aws-kms-key-id")};
    if (s.algorithm.empty() && bucket["Config"].contains("encryption")) {
        // Stored as PUT (decoded and checked then); the first rule's default applies.
        auto cfg = stored_config(bucket["Config"]["encryption"], payload_shape("PutBucketEncryption"));
        if (cfg && !(*cfg)["Rules"].empty()) {
            const Json by_default =
                (*cfg)["Rules"][0].value("ApplyServerSideEncryptionByDefault", Json::object());
            s.algorithm = by_default.value("SSEAlgorithm", "");
            s.key_ref = by_default.value("KMSMasterKeyID", "");
        }
    }
    return s;
}

/// Seals a fresh data key with the object's KMS key (kms:GenerateDataKey through S3): the key policy decides.

Result<void> S3Service::apply_kms(Tx& tx, RequestContext& ctx, const Json& bucket, const std::string& key,
                                  const Sse& sse, Json& object) {
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
    auto blob =
        cloud_.kms->encrypt(tx, cloud_.iam, ctx.caller, region, key_ref, random_bytes(32),
                            Json{{"aws:s3:arn", object_arn(bucket["Name"].get<std::string>(), key)}},
                            ctx.condition_context, "s3." + region + ".amazonaws.com", "kms:GenerateDataKey");
    if (!blob) return blob.error();
    const std::size_t len = static_cast<unsigned char>((*blob)[4]);
    object["KmsKeyArn"] = blob->substr(5, len);
    object["DataKey"] = base64_encode(*blob);
    return ok();
}

void S3Service::object_output(Json& out, const Json& o, bool with_checksum) {
    out["ETag"] = o["ETag"];
    if (o.contains("SSE")) out["ServerSideEncryption"] = o["SSE"];
    if (o.contains("KmsKeyArn")) out["SSEKMSKeyId"] = o["KmsKeyArn"];
    if (!with_checksum) return;
    // Stored under the model's member names (ChecksumCRC32 ...).
    for (const auto a : {ChecksumAlgorithm::Crc32, ChecksumAlgorithm::Crc32c, ChecksumAlgorithm::Crc64Nvme,
                         ChecksumAlgorithm::Sha1, ChecksumAlgorithm::Sha256}) {
        const std::string member = "Checksum" + std::string(checksum_name(a));
        if (o.contains(member)) out[member] = o[member];
    }
}

Json S3Service::new_object(const RequestContext& ctx, const std::string& key, const StoredFile& file) {
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
    if (file.checksum_algorithm)
        o["Checksum" + std::string(checksum_name(*file.checksum_algorithm))] = file.checksum_b64;
    return o;
}

/// Commits an object record for a durable file; on failure the file is removed.

Result<Json> S3Service::commit_object(RequestContext& ctx, const Target& t, Json object,
                                      const std::string& action,
                                      const std::function<Result<void>(Tx&, const Json&)>& extra_check) {
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

Result<ServerResponse> S3Service::put_object(RequestContext& ctx, const Target& t) {
    const std::string copy_source = ctx.http.header("x-amz-copy-source");
    if (!copy_source.empty()) return copy_object(ctx, t, copy_source);
    auto file = store_body(cloud_.objects_dir, ctx.http);
    if (!file) return file.error();
    Json object = new_object(ctx, t.key, *file);
    auto stored = commit_object(ctx, t, object, "s3:PutObject");
    if (!stored) return stored.error();
    Json out = Json::object();
    object_output(out, *stored);
    return respond(ctx, "PutObject", out);
}

Result<ServerResponse> S3Service::copy_object(RequestContext& ctx, const Target& t,
                                              const std::string& source) {
    std::string src = strings::percent_decode(source);
    if (!strings::valid_utf8(src)) return make_error("InvalidArgument", "Invalid copy source encoding", 400);
    if (const auto q = src.find('?'); q != std::string::npos) src = src.substr(0, q);
    if (!src.empty() && src.front() == '/') src = src.substr(1);
    const auto slash = src.find('/');
    if (slash == std::string::npos)
        return make_error("InvalidArgument",
                          "Copy Source must mention the source bucket and key: sourcebucket/sourcekey", 400);
    const std::string src_bucket = src.substr(0, slash);
    const std::string src_key = src.substr(slash + 1);
    std::shared_ptr<const fs::OpenFile> source_file; // opened while the source row is current, as GET does
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
            auto d = cloud_.kms->decrypt(
                tx, cloud_.iam, ctx.caller, *blob, Json{{"aws:s3:arn", object_arn(src_bucket, src_key)}},
                ctx.condition_context, "s3." + (*bucket)["Region"].get<std::string>() + ".amazonaws.com");
            if (!d) return d.error();
        }
        auto opened = fs::OpenFile::open(cloud_.objects_dir / (**o)["File"].get<std::string>());
        if (!opened) return internal("object file of " + src_key + " is missing: " + opened.error().message);
        source_file = std::move(*opened);
        return std::move(**o);
    });
    if (!source_object) return source_object.error();
    auto file = copy_file(cloud_.objects_dir, std::move(source_file));
    if (!file) return file.error();
    Json object = new_object(ctx, t.key, *file);
    if (ctx.http.header("x-amz-metadata-directive") != "REPLACE") {
        object["Metadata"] = (*source_object)["Metadata"];
        object["ContentType"] = (*source_object)["ContentType"];
        object["Headers"] = (*source_object)["Headers"];
    }
    auto stored = commit_object(ctx, t, object, "s3:PutObject");
    if (!stored) return stored.error();
    // CopyObject carries the ETag in its body (CopyObjectResult); its output has no ETag header.
    Json out = Json::object();
    object_output(out, *stored, false);
    out.erase("ETag");
    out["CopyObjectResult"] = {{"LastModified", object["LastModified"]}, {"ETag", object["ETag"]}};
    return respond(ctx, "CopyObject", out);
}

Result<ServerResponse> S3Service::get_object(RequestContext& ctx, const Target& t) {
    // The object file is opened inside the transaction that read its row: a PUT that replaces the object
    // commits after, and removes the old file only then, so the GET streams the old object whole.
    std::shared_ptr<const fs::OpenFile> file;
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
            auto d = cloud_.kms->decrypt(
                tx, cloud_.iam, ctx.caller, *blob, Json{{"aws:s3:arn", object_arn(t.bucket, t.key)}},
                ctx.condition_context, "s3." + (*bucket)["Region"].get<std::string>() + ".amazonaws.com");
            if (!d) return d.error();
        }
        if ((**o)["Size"].get<std::uint64_t>() > 0) {
            auto opened = fs::OpenFile::open(cloud_.objects_dir / (**o)["File"].get<std::string>());
            if (!opened)
                return internal("object file of " + t.key + " is missing: " + opened.error().message);
            file = std::move(*opened);
        }
        return std::move(**o);
    });
    if (!object) return object.error();
    const Json& o = *object;
    Json out{{"ContentType", o["ContentType"]},
             {"LastModified", o["LastModified"]},
             {"AcceptRanges", "bytes"},
             {"Metadata", o["Metadata"]}};
    // As S3: the checksum is returned on GET and HEAD only when asked (ChecksumMode ENABLED), and not for a
    // part.
    object_output(out, o,
                  ctx.http.header("x-amz-checksum-mode") == "ENABLED" && ctx.http.header("range").empty());
    // The content headers the PUT kept, as the output members that return them.
    static const std::pair<const char*, const char*> kContentHeaders[] = {
        {"cache-control", "CacheControl"},
        {"content-disposition", "ContentDisposition"},
        {"content-encoding", "ContentEncoding"},
        {"content-language", "ContentLanguage"},
        {"expires", "Expires"}};
    for (const auto& [header, member] : kContentHeaders) {
        if (o["Headers"].contains(header)) out[member] = o["Headers"][header];
    }
    const std::uint64_t size = o["Size"].get<std::uint64_t>();
    std::uint64_t first = 0;
    std::uint64_t last = size == 0 ? 0 : size - 1;
    // As S3: a Range that is not one well-formed byte range ("bytes=5x-", "bytes=3-1", two ranges) is ignored
    // and the whole object served; a well-formed one that starts past the end is 416 InvalidRange.
    const std::string range = ctx.http.header("range");
    const ByteRange wanted = byte_range(range, size);
    if (wanted.kind == ByteRange::Kind::Unsatisfiable) return invalid_range(range);
    if (wanted.kind == ByteRange::Kind::Part) {
        first = wanted.first;
        last = wanted.last;
        out["ContentRange"] =
            "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size);
    }
    // The headers are the model's output members; the body streams from the object's file.
    ServerResponse r = respond(ctx, ctx.http.method == "HEAD" ? "HeadObject" : "GetObject", out,
                               wanted.kind == ByteRange::Kind::Part ? 206 : 0);
    r.body_file = cloud_.objects_dir / o["File"].get<std::string>();
    r.open_file = std::move(file);
    r.file_offset = first;
    r.file_length = size == 0 ? 0 : last - first + 1;
    if (size == 0) r.body_file.clear();
    return r;
}

Result<ServerResponse> S3Service::delete_object(RequestContext& ctx, const Target& t) {
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
    return respond(ctx, "DeleteObject");
}

Result<ServerResponse> S3Service::get_object_tagging(RequestContext& ctx, const Target& t) {
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
    Json tag_set = Json::array();
    const Json tags = object->value("Tags", Json::object());
    for (const auto& [k, v] : tags.items())
        tag_set.push_back({{"Key", k}, {"Value", v}});
    return respond(ctx, "GetObjectTagging", {{"TagSet", tag_set}});
}

Result<ServerResponse> S3Service::put_object_tagging(RequestContext& ctx, const Target& t) {
    auto tagging = parse_payload("PutObjectTagging", ctx.http.body_text());
    if (!tagging) return tagging.error();
    if (auto c = check_tag_set((*tagging)["TagSet"], 10, true); !c) return c.error();
    Json tags = Json::object();
    for (const auto& tag : (*tagging)["TagSet"])
        tags[tag.value("Key", "")] = tag.value("Value", "");
    auto r = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
        auto bucket = backend_.find_bucket(tx, t.bucket);
        if (!bucket) return bucket.error();
        if (auto a = authorize(tx, ctx, &*bucket, "s3:PutObjectTagging", object_arn(t.bucket, t.key)); !a) {
            return a.error();
        }
        auto o = backend_.get_object(tx, t.bucket, t.key);
        if (!o) return o.error();
        if (!o->has_value()) return no_such_key(t.key);
        (**o)["Tags"] = tags;
        auto put = backend_.put_object(tx, t.bucket, **o);
        if (!put) return put.error();
        return std::string{};
    });
    if (!r) return r.error();
    return respond(ctx, "PutObjectTagging");
}

Result<ServerResponse> S3Service::create_upload(RequestContext& ctx, const Target& t) {
    const std::string upload_id = random_id("LCUP", 40);
    auto r = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
        auto bucket = backend_.find_bucket(tx, t.bucket);
        if (!bucket) return bucket.error();
        if (auto a = authorize(tx, ctx, &*bucket, "s3:PutObject", object_arn(t.bucket, t.key)); !a) {
            return a.error();
        }
        StoredFile none;
        Json templ = new_object(ctx, t.key, none);
        Json upload{{"UploadId", upload_id},
                    {"Bucket", t.bucket},
                    {"Key", t.key},
                    {"Template", templ},
                    {"SSE", ctx.http.header("x-amz-server-side-encryption")},
                    {"SSEKey", ctx.http.header("x-amz-server-side-encryption-aws-kms-key-id")},
                    {"Parts", Json::object()},
                    {"Caller", ctx.caller.arn()}};
        if (auto p = backend_.put_upload(tx, upload); !p) return p.error();
        return std::string{};
    });
    if (!r) return r.error();
    Json out{{"Bucket", t.bucket}, {"Key", t.key}, {"UploadId", upload_id}};
    if (const std::string sse = ctx.http.header("x-amz-server-side-encryption"); !sse.empty())
        out["ServerSideEncryption"] = sse;
    return respond(ctx, "CreateMultipartUpload", out);
}

Result<ServerResponse> S3Service::upload_part(RequestContext& ctx, const Target& t) {
    const std::string upload_id = ctx.params["uploadId"];
    const int part = cdk::parse_int<int>(ctx.params["partNumber"]).value_or(0);
    if (part < 1 || part > 10000)
        return make_error("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive",
                          400);
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
        (**upload)["Parts"][n] = {{"File", file->file_id},
                                  {"ETag", "\"" + file->md5_hex + "\""},
                                  {"Size", file->size},
                                  {"Md5", file->md5_hex}};
        if (auto p = backend_.put_upload(tx, **upload); !p) return p.error();
        return old;
    });
    if (!replaced) {
        remove_file(cloud_.objects_dir, file->file_id);
        return replaced.error();
    }
    remove_file(cloud_.objects_dir, *replaced);
    Json out{{"ETag", "\"" + file->md5_hex + "\""}};
    if (file->checksum_algorithm)
        out["Checksum" + std::string(checksum_name(*file->checksum_algorithm))] = file->checksum_b64;
    return respond(ctx, "UploadPart", out);
}

Result<ServerResponse> S3Service::complete_upload(RequestContext& ctx, const Target& t) {
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
    auto completed = parse_payload("CompleteMultipartUpload", body);
    if (!completed) return completed.error();
    for (const auto& p : completed->value("Parts", Json::array())) {
        const int number = p.value("PartNumber", 0);
        const std::string n = std::to_string(number);
        if (number <= last)
            return make_error("InvalidPartOrder", "The list of parts was not in ascending order.", 400);
        last = number;
        const Json& parts = (*upload)["Parts"];
        if (!parts.contains(std::to_string(number)))
            return invalid_part("One or more of the specified parts could not be found: " + n);
        const Json& part = parts[std::to_string(number)];
        std::string etag = p.value("ETag", "");
        if (!etag.empty() && etag.front() != '"') etag = "\"" + etag + "\"";
        if (!etag.empty() && etag != part["ETag"].get<std::string>()) {
            return invalid_part("Part " + n + "'s ETag does not match the uploaded part");
        }
        files.push_back(part["File"].get<std::string>());
        const std::string hex = part["Md5"].get<std::string>();
        for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
            md5s.push_back(
                static_cast<char>(parse_int<unsigned>(std::string_view(hex).substr(i, 2), 16).value_or(0)));
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
    Json out{{"Location", "/" + t.bucket + "/" + t.key}, {"Bucket", t.bucket}, {"Key", t.key}};
    object_output(out, *stored);
    return respond(ctx, "CompleteMultipartUpload", out);
}

Result<ServerResponse> S3Service::abort_upload(RequestContext& ctx, const Target& t) {
    const std::string upload_id = ctx.params["uploadId"];
    auto upload = cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto bucket = backend_.find_bucket(tx, t.bucket);
        if (!bucket) return bucket.error();
        if (auto a = authorize(tx, ctx, &*bucket, "s3:AbortMultipartUpload", object_arn(t.bucket, t.key));
            !a) {
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
    return respond(ctx, "AbortMultipartUpload");
}

} // namespace cdk::localcloud::s3
