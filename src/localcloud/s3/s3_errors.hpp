#pragma once

#include "core/error.hpp"
#include "localcloud/server/service_errors.hpp"

#include <string>

namespace cdk::localcloud::s3 {

/// S3's error codes (REST-XML `<Error>`, rendered by localcloud/protocol).
inline Error no_such_bucket(const std::string& bucket) {
    return make_error("NoSuchBucket", "The specified bucket does not exist: " + bucket, 404);
}
inline Error no_such_key(const std::string& key) {
    return make_error("NoSuchKey", "The specified key does not exist: " + key, 404);
}
inline Error no_such_upload(const std::string& id) {
    return make_error("NoSuchUpload", "The specified multipart upload does not exist: " + id, 404);
}
inline Error bucket_not_empty(const std::string& bucket) {
    return make_error("BucketNotEmpty", "The bucket you tried to delete is not empty: " + bucket, 409);
}
inline Error invalid_bucket_name(const std::string& bucket) {
    return make_error("InvalidBucketName",
                      "The specified bucket is not valid: '" + bucket +
                          "' (3-63 lower-case letters, digits, '.' and '-')",
                      400);
}
inline Error invalid_range(const std::string& range) {
    return make_error("InvalidRange", "The requested range is not satisfiable: " + range, 416);
}
inline Error malformed_xml(const std::string& what) {
    return make_error("MalformedXML", "The XML you provided was not well-formed: " + what, 400);
}
inline Error invalid_part(const std::string& what) {
    return make_error("InvalidPart", what, 400);
}
inline constexpr ErrorCode method_not_allowed{"MethodNotAllowed", 405,
                                              "The specified method is not allowed against this resource."};
inline Error internal(const std::string& what) {
    return make_error("InternalError", what, 500);
}

} // namespace cdk::localcloud::s3
