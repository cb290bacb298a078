#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <string>

namespace cdk::toolkit::deploy {

/// Zips a directory deterministically, as the CDK's asset publishing does: files in sorted path order
/// (`/` separators, no directory entries), every timestamp 1980-01-01 00:00, deflated, so the same content
/// gives the same bytes. Returns the archive.
[[nodiscard]] Result<std::string> zip_directory(const std::filesystem::path& dir);

} // namespace cdk::toolkit::deploy
