#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace cdk::fs {

/// Reads a whole file.
[[nodiscard]] Result<std::string> read_file(const std::filesystem::path& path);
/// Writes a file atomically: a temporary sibling is written, flushed and renamed over the target,
/// so readers see the old content or the new, never half of it. Parent directories are created.
[[nodiscard]] Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content);

} // namespace cdk::fs
