#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace cdk::hash {

/// Raw 32-byte SHA-256 digest.
[[nodiscard]] std::string sha256(std::string_view data);
/// Lower-case hex SHA-256.
[[nodiscard]] std::string sha256_hex(std::string_view data);
/// Lower-case hex SHA-256 of a file's bytes, streamed.
[[nodiscard]] Result<std::string> sha256_file_hex(const std::filesystem::path& path);
/// Raw 32-byte HMAC-SHA256.
[[nodiscard]] std::string hmac_sha256(std::string_view key, std::string_view data);

} // namespace cdk::hash
