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

/// The S3 model: request payloads (Delete, Tagging, CompletedMultipartUpload ...) are decoded by its shapes.
inline const aws::protocol::ServiceModel& s3_model() {
    return *aws::protocol::ServiceModel::get("s3").value();
}

inline constexpr std::string_view kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

/// Configuration subresources stored as the XML the client sent, with the error for a missing one.
struct Subresource {
    const char* query;
    const char* action_suffix; ///< s3:Get<suffix> / s3:Put<suffix>
    const char* missing_code;  ///< "" = return `empty_body`
    const char* empty_body;
};

/// The configuration subresources S3 stores verbatim.
const std::vector<Subresource>& subresources();

/// ISO-8601 with milliseconds, as S3 listings write LastModified.
std::string iso_millis(long long epoch);

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
    [[nodiscard]] Result<HttpResponse> handle(RequestContext& ctx) override;

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

    Result<HttpResponse> list_buckets(RequestContext& ctx);

    Result<HttpResponse> bucket_operation(RequestContext& ctx, const std::string& name);

    Result<HttpResponse> create_bucket(RequestContext& ctx, const std::string& name);

    Result<HttpResponse> list_objects(RequestContext& ctx, const std::string& name);

    Result<HttpResponse> delete_objects(RequestContext& ctx, const std::string& name);

    Result<HttpResponse> object_operation(RequestContext& ctx, const Target& t);

    static Sse sse_for(const RequestContext& ctx, const Json& bucket, const std::string& prefix = "x-amz-");

    Result<void> apply_kms(Tx& tx, RequestContext& ctx, const Json& bucket, const std::string& key,
                           const Sse& sse, Json& object);

    /// ETag, SSE headers and, `with_checksum`, the x-amz-checksum-* header of the stored checksum.
    static void object_headers(HttpResponse& r, const Json& o, bool with_checksum = true);

    Json new_object(const RequestContext& ctx, const std::string& key, const StoredFile& file);

    Result<Json> commit_object(RequestContext& ctx, const Target& t, Json object, const std::string& action,
                               const std::function<Result<void>(Tx&, const Json&)>& extra_check = {});

    Result<HttpResponse> put_object(RequestContext& ctx, const Target& t);

    Result<HttpResponse> copy_object(RequestContext& ctx, const Target& t, const std::string& source);

    Result<HttpResponse> get_object(RequestContext& ctx, const Target& t);

    Result<HttpResponse> delete_object(RequestContext& ctx, const Target& t);

    Result<HttpResponse> get_object_tagging(RequestContext& ctx, const Target& t);

    Result<HttpResponse> put_object_tagging(RequestContext& ctx, const Target& t);

    Result<HttpResponse> create_upload(RequestContext& ctx, const Target& t);

    Result<HttpResponse> upload_part(RequestContext& ctx, const Target& t);

    Result<HttpResponse> complete_upload(RequestContext& ctx, const Target& t);

    Result<HttpResponse> abort_upload(RequestContext& ctx, const Target& t);

    CloudContext& cloud_;
    S3Backend backend_;
};

} // namespace cdk::localcloud::s3
