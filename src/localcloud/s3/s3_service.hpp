#pragma once

#include "aws/protocol/codec.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/s3/s3_backend.hpp"
#include "localcloud/s3/s3_object_files.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

/// Internals of the S3 service shared by its handler files (s3_handlers.cpp: buckets and listings;
/// s3_object_handlers.cpp: objects and multipart uploads). Not for use outside src/localcloud/s3.
namespace cdk::localcloud::s3 {

/// The S3 model: request payloads (Delete, Tagging, CompletedMultipartUpload ...) are decoded by its shapes,
/// and every response is rendered from its output shapes.
inline const aws::protocol::ServiceModel& s3_model() {
    return *aws::protocol::ServiceModel::get("s3").value();
}

/// The success response of the S3 model's `operation`: status (the model's, or `status` when not 0), the
/// header members and the XML body rendered by the codec (aws/protocol serialize_response) from `output`
/// (keyed by the output shape's member names; timestamps as epoch seconds or ISO 8601), with S3's
/// request-id headers.
ServerResponse respond(const RequestContext& ctx, std::string_view operation, const Json& output = {},
                       int status = 0);

/// A bucket configuration subresource (`?versioning`, `?lifecycle` ...): the model's operations that read,
/// write and delete it, and the answer when the bucket has none.
struct Subresource {
    const char* query;
    const char* action_suffix;    ///< s3:Get<suffix> / s3:Put<suffix>
    const char* get_operation;    ///< e.g. GetBucketVersioning
    const char* put_operation;    ///< its input's payload member is the stored configuration
    const char* delete_operation; ///< "" = S3 has no DELETE for it (405 MethodNotAllowed)
    const char* missing_code;     ///< "" = answer `default_output`
    const char* default_output;   ///< JSON of the GET output when none is stored
};

/// The configuration subresources S3 stores.
const std::vector<Subresource>& subresources();

/// The name of the shape `operation`'s input carries as its payload (PutBucketVersioning →
/// VersioningConfiguration).
const std::string& payload_shape(std::string_view operation);

/// Decodes the XML payload of `operation`'s request into the model's input shape (its payload member's),
/// checked against the shape: MalformedXML for a body that is not XML, not that shape, or has another root.
Result<Json> parse_payload(std::string_view operation, std::string_view body);

/// S3's checks of a TagSet the model does not express: keys 1-128 and values up to 256 characters, no key
/// twice (InvalidTag), at most `max` tags (objects 10: BadRequest; buckets 50: InvalidTag).
Result<void> check_tag_set(const Json& tag_set, std::size_t max, bool object);

/// A stored configuration as a value of `shape`: stored values are the model's; an XML string (state written
/// before the codec stored values) is decoded by the shape.
Result<Json> stored_config(const Json& stored, std::string_view shape);

/// Where a request points: bucket and key from virtual-hosted or path-style addressing.
struct Target {
    std::string bucket;
    std::string key;
};

Target parse_target(const ServerRequest& request);

/// S3 over REST-XML. Every operation is authorized against the caller's identity policies and the
/// bucket policy (cross-account needs both); SSE-KMS objects need the KMS key policy's consent.
class S3Service final : public Service {
public:
    explicit S3Service(CloudContext& cloud) : cloud_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "s3"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::RestXml; }
    [[nodiscard]] Result<ServerResponse> handle(RequestContext& ctx) override;

private:
    /// SSE settings of a new object: from the request headers, else the bucket's default encryption.
    struct Sse {
        std::string algorithm;
        std::string key_ref;
    };

    bool has(const RequestContext& ctx, const std::string& q) const { return ctx.params.count(q) != 0; }
    static std::string bucket_arn(const std::string& b) { return "arn:aws:s3:::" + b; }
    static std::string object_arn(const std::string& b, const std::string& k) {
        return "arn:aws:s3:::" + b + "/" + k;
    }

    Result<void> authorize(Tx& tx, RequestContext& ctx, const Json* bucket, const std::string& action,
                           const std::string& resource, const iam::Context& extra = {});

    Result<ServerResponse> list_buckets(RequestContext& ctx);

    Result<ServerResponse> bucket_operation(RequestContext& ctx, const std::string& name);

    Result<ServerResponse> create_bucket(RequestContext& ctx, const std::string& name);

    /// ListObjects, ListObjectsV2 and (`versions`) ListObjectVersions: localcloud keeps one version of an
    /// object, listed as S3 lists the objects of an unversioned bucket (VersionId "null", IsLatest).
    Result<ServerResponse> list_objects(RequestContext& ctx, const std::string& name, bool versions = false);

    Result<ServerResponse> delete_objects(RequestContext& ctx, const std::string& name);

    Result<ServerResponse> object_operation(RequestContext& ctx, const Target& t);

    static Sse sse_for(const RequestContext& ctx, const Json& bucket, const std::string& prefix = "x-amz-");

    Result<void> apply_kms(Tx& tx, RequestContext& ctx, const Json& bucket, const std::string& key,
                           const Sse& sse, Json& object);

    /// The output members of object `o` every object response shares: ETag, ServerSideEncryption,
    /// SSEKMSKeyId and, `with_checksum`, the Checksum<algorithm> of the stored checksum.
    static void object_output(Json& out, const Json& o, bool with_checksum = true);

    Json new_object(const RequestContext& ctx, const std::string& key, const StoredFile& file);

    Result<Json> commit_object(RequestContext& ctx, const Target& t, Json object, const std::string& action,
                               const std::function<Result<void>(Tx&, const Json&)>& extra_check = {});

    Result<ServerResponse> put_object(RequestContext& ctx, const Target& t);

    Result<ServerResponse> copy_object(RequestContext& ctx, const Target& t, const std::string& source);

    Result<ServerResponse> get_object(RequestContext& ctx, const Target& t);

    Result<ServerResponse> delete_object(RequestContext& ctx, const Target& t);

    Result<ServerResponse> get_object_tagging(RequestContext& ctx, const Target& t);

    Result<ServerResponse> put_object_tagging(RequestContext& ctx, const Target& t);

    Result<ServerResponse> create_upload(RequestContext& ctx, const Target& t);

    Result<ServerResponse> upload_part(RequestContext& ctx, const Target& t);

    Result<ServerResponse> complete_upload(RequestContext& ctx, const Target& t);

    Result<ServerResponse> abort_upload(RequestContext& ctx, const Target& t);

    CloudContext& cloud_;
    S3Backend backend_;
};

} // namespace cdk::localcloud::s3
