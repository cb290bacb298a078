#include "aws/s3/s3_client.hpp"

namespace cdk::aws::s3 {

namespace {
std::string s(const Json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
ObjectInfo info_from(const Json& j) {
    ObjectInfo info;
    info.etag = s(j, "ETag");
    info.size = j.value("ContentLength", 0LL);
    info.content_type = s(j, "ContentType");
    info.last_modified = s(j, "LastModified");
    if (const auto it = j.find("Metadata"); it != j.end() && it->is_object()) {
        for (const auto& [k, v] : it->items())
            info.metadata[k] = v.is_string() ? v.get<std::string>() : v.dump();
    }
    return info;
}
} // namespace

Result<S3Client> S3Client::create(const auth::Session& session) {
    auto client = session.client("s3");
    if (!client) return client.error();
    return S3Client(std::move(*client));
}

Result<void> S3Client::create_bucket(const std::string& bucket) const {
    Json input{{"Bucket", bucket}};
    const std::string& region = client_.config().region;
    if (region != "us-east-1") input["CreateBucketConfiguration"] = {{"LocationConstraint", region}};
    auto out = client_.call("CreateBucket", input);
    if (!out) return out.error();
    return ok();
}

Result<void> S3Client::delete_bucket(const std::string& bucket) const {
    auto out = client_.call("DeleteBucket", {{"Bucket", bucket}});
    if (!out) return out.error();
    return ok();
}

Result<bool> S3Client::bucket_exists(const std::string& bucket) const {
    auto out = client_.call("HeadBucket", {{"Bucket", bucket}});
    if (out) return true;
    if (out.error().http_status == 404) return false;
    return out.error();
}

Result<std::vector<std::string>> S3Client::list_buckets() const {
    auto out = client_.call("ListBuckets");
    if (!out) return out.error();
    std::vector<std::string> names;
    for (const auto& b : out->value("Buckets", Json::array()))
        names.push_back(s(b, "Name"));
    return names;
}

Result<std::string> S3Client::get_bucket_location(const std::string& bucket) const {
    auto out = client_.call("GetBucketLocation", {{"Bucket", bucket}});
    if (!out) return out.error();
    const std::string location = s(*out, "LocationConstraint");
    if (location.empty()) return std::string("us-east-1");
    if (location == "EU") return std::string("eu-west-1");
    return location;
}

Result<std::string> S3Client::put_object(const std::string& bucket, const std::string& key,
                                         const std::string& body, const Json& extra) const {
    Json input = extra.is_object() ? extra : Json::object();
    input["Bucket"] = bucket;
    input["Key"] = key;
    input["Body"] = body;
    auto out = client_.call("PutObject", input);
    if (!out) return out.error();
    return s(*out, "ETag");
}

Result<Object> S3Client::get_object(const std::string& bucket, const std::string& key) const {
    auto out = client_.call("GetObject", {{"Bucket", bucket}, {"Key", key}});
    if (!out) return out.error();
    return Object{s(*out, "Body"), info_from(*out)};
}

Result<std::optional<ObjectInfo>> S3Client::head_object(const std::string& bucket,
                                                        const std::string& key) const {
    auto out = client_.call("HeadObject", {{"Bucket", bucket}, {"Key", key}});
    if (!out) {
        if (out.error().http_status == 404) return std::optional<ObjectInfo>();
        return out.error();
    }
    return std::optional<ObjectInfo>(info_from(*out));
}

Result<void> S3Client::delete_object(const std::string& bucket, const std::string& key) const {
    auto out = client_.call("DeleteObject", {{"Bucket", bucket}, {"Key", key}});
    if (!out) return out.error();
    return ok();
}

Result<std::vector<ObjectSummary>> S3Client::list_objects(const std::string& bucket,
                                                          const std::string& prefix) const {
    std::vector<ObjectSummary> all;
    Json input{{"Bucket", bucket}};
    if (!prefix.empty()) input["Prefix"] = prefix;
    for (int page = 0; page < 100000; ++page) {
        auto out = client_.call("ListObjectsV2", input);
        if (!out) return out.error();
        for (const auto& o : out->value("Contents", Json::array())) {
            all.push_back({s(o, "Key"), o.value("Size", 0LL), s(o, "ETag")});
        }
        if (!out->value("IsTruncated", false)) break;
        const std::string token = s(*out, "NextContinuationToken");
        if (token.empty()) break;
        input["ContinuationToken"] = token;
    }
    return all;
}

Result<std::string> S3Client::upload_multipart(const std::string& bucket, const std::string& key,
                                               const std::string& body, size_t part_size) const {
    auto created = client_.call("CreateMultipartUpload", {{"Bucket", bucket}, {"Key", key}});
    if (!created) return created.error();
    const std::string upload_id = s(*created, "UploadId");
    Json parts = Json::array();
    const size_t size = part_size == 0 ? body.size() : part_size;
    int number = 1;
    for (size_t offset = 0; offset < body.size() || number == 1; offset += size, ++number) {
        auto part = client_.call("UploadPart", {{"Bucket", bucket},
                                                {"Key", key},
                                                {"UploadId", upload_id},
                                                {"PartNumber", number},
                                                {"Body", body.substr(offset, size)}});
        if (!part) {
            (void)client_.call("AbortMultipartUpload",
                               {{"Bucket", bucket}, {"Key", key}, {"UploadId", upload_id}});
            return part.error();
        }
        parts.push_back({{"ETag", s(*part, "ETag")}, {"PartNumber", number}});
        if (body.empty()) break;
    }
    auto done = client_.call(
        "CompleteMultipartUpload",
        {{"Bucket", bucket}, {"Key", key}, {"UploadId", upload_id}, {"MultipartUpload", {{"Parts", parts}}}});
    if (!done) {
        (void)client_.call("AbortMultipartUpload",
                           {{"Bucket", bucket}, {"Key", key}, {"UploadId", upload_id}});
        return done.error();
    }
    return s(*done, "ETag");
}

Result<std::string> S3Client::presign_get(const std::string& bucket, const std::string& key,
                                          std::chrono::seconds expires) const {
    return client_.presign("GetObject", {{"Bucket", bucket}, {"Key", key}}, expires);
}

} // namespace cdk::aws::s3
