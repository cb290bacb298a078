#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"

#include <optional>

namespace cdk::aws::s3 {

/// An object's metadata (HeadObject / GetObject).
struct ObjectInfo {
    std::string etag;
    long long size = 0;
    std::string content_type;
    std::string last_modified;
    std::map<std::string, std::string> metadata;
};

/// An object's content and metadata.
struct Object {
    std::string body;
    ObjectInfo info;
};

/// One ListObjectsV2 entry.
struct ObjectSummary {
    std::string key;
    long long size = 0;
    std::string etag;
};

/// Typed client for Amazon S3: buckets, objects, multipart uploads, head. Path-style or virtual-hosted
/// addressing comes from the endpoint (custom endpoints use path style).
class S3Client {
public:
    explicit S3Client(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<S3Client> create(const auth::Session& session);

    /// Creates a bucket in the client's region (LocationConstraint unless us-east-1).
    [[nodiscard]] Result<void> create_bucket(const std::string& bucket) const;
    [[nodiscard]] Result<void> delete_bucket(const std::string& bucket) const;
    /// True when the bucket exists and is reachable; false on 404.
    [[nodiscard]] Result<bool> bucket_exists(const std::string& bucket) const;
    [[nodiscard]] Result<std::vector<std::string>> list_buckets() const;
    /// The bucket's region ("us-east-1" for the empty LocationConstraint).
    [[nodiscard]] Result<std::string> get_bucket_location(const std::string& bucket) const;

    /// PutObject; `extra` adds model fields (ContentType, ServerSideEncryption, SSEKMSKeyId, ...). Returns
    /// the ETag.
    [[nodiscard]] Result<std::string> put_object(const std::string& bucket, const std::string& key,
                                                 const std::string& body,
                                                 const Json& extra = Json::object()) const;
    [[nodiscard]] Result<Object> get_object(const std::string& bucket, const std::string& key) const;
    /// Metadata, or nullopt when the object does not exist.
    [[nodiscard]] Result<std::optional<ObjectInfo>> head_object(const std::string& bucket,
                                                                const std::string& key) const;
    [[nodiscard]] Result<void> delete_object(const std::string& bucket, const std::string& key) const;
    /// Every object under `prefix` (ListObjectsV2, followed to the end).
    [[nodiscard]] Result<std::vector<ObjectSummary>> list_objects(const std::string& bucket,
                                                                  const std::string& prefix = "") const;
    /// Multipart upload in parts of `part_size` bytes (>= 5 MiB except the last); aborted on failure.
    /// Returns the final ETag.
    [[nodiscard]] Result<std::string> upload_multipart(const std::string& bucket, const std::string& key,
                                                       const std::string& body, size_t part_size) const;
    /// A presigned GET URL.
    [[nodiscard]] Result<std::string> presign_get(const std::string& bucket, const std::string& key,
                                                  std::chrono::seconds expires) const;

    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    AwsClient client_;
};

} // namespace cdk::aws::s3
