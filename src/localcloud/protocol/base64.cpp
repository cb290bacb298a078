#include "localcloud/protocol/base64.hpp"

#include "aws/protocol/values.hpp"

namespace cdk::localcloud {

// One base64 in the tree: aws/protocol's (the codecs' blobs); this is its Result-returning face.
std::string base64_encode(std::string_view bytes) {
    return aws::protocol::base64_encode(bytes);
}

Result<std::string> base64_decode(std::string_view text) {
    auto bytes = aws::protocol::base64_decode(text);
    if (!bytes) return make_error("SerializationException", "invalid base64 blob", 400);
    return std::move(*bytes);
}

} // namespace cdk::localcloud
