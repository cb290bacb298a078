#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

/// MD5 (RFC 1321), written out: logical ids take one digest of a short path each (OpenSSL's EVP dispatch
/// cost several times the digest), and the S3 Content-MD5 header one of a request body. Not for security.
namespace cdk::hash {

/// The 16-byte digest as four little-endian words (word i holds bytes 4i..4i+3).
[[nodiscard]] std::array<std::uint32_t, 4> md5_words(std::string_view data);
/// The raw 16-byte digest.
[[nodiscard]] std::string md5(std::string_view data);

} // namespace cdk::hash
