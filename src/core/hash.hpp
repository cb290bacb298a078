#pragma once

#include "core/result.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

/// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), computed by the project's own code: the SHA
/// instructions (SHA-NI) when the CPU has them, a portable implementation otherwise. No OpenSSL
/// initialisation (config file, providers) on the synthesis path; see docs/performance.md.
namespace cdk::hash {

/// Incremental SHA-256: update() any number of times, then digest() or hex() once.
class Sha256 {
public:
    Sha256();
    Sha256& update(std::string_view data);
    /// Raw 32-byte digest. Finishes the hash: call once.
    [[nodiscard]] std::string digest();
    /// Lower-case hex digest. Finishes the hash: call once.
    [[nodiscard]] std::string hex();

private:
    void finish(unsigned char out[32]);

    std::array<std::uint32_t, 8> state_;
    std::array<unsigned char, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t total_ = 0;
};

/// Raw 32-byte SHA-256 digest.
[[nodiscard]] std::string sha256(std::string_view data);
/// Lower-case hex SHA-256.
[[nodiscard]] std::string sha256_hex(std::string_view data);
/// Lower-case hex SHA-256 of a file's bytes, streamed.
[[nodiscard]] Result<std::string> sha256_file_hex(const std::filesystem::path& path);
/// Raw 32-byte HMAC-SHA256.
[[nodiscard]] std::string hmac_sha256(std::string_view key, std::string_view data);

} // namespace cdk::hash
