#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace cdk::localcloud {

/// Standard base64 (with padding), as AWS JSON protocols encode blobs: aws/protocol's, with a Result.
[[nodiscard]] std::string base64_encode(std::string_view bytes);
/// Decodes standard base64; an error for malformed input.
[[nodiscard]] Result<std::string> base64_decode(std::string_view text);

} // namespace cdk::localcloud
