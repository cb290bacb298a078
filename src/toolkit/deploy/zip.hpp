#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cdk::toolkit::deploy {

/// Zips a directory deterministically, as the CDK's asset publishing does: files in sorted path order
/// (`/` separators, no directory entries), every timestamp 1980-01-01 00:00, deflated, so the same content
/// gives the same bytes. Returns the archive.
[[nodiscard]] Result<std::string> zip_directory(const std::filesystem::path& dir);

/// The names of the files in a zip archive (directory entries left out), in archive order.
[[nodiscard]] Result<std::vector<std::string>> zip_entries(const std::string& archive);

/// One file of a zip archive (stored or deflated, CRC checked); nullopt when the archive has no such
/// entry. A leading `./` or `/` in the wanted name or in the archive's names is ignored.
[[nodiscard]] Result<std::optional<std::string>> read_zip_entry(const std::string& archive,
                                                                const std::string& name);

} // namespace cdk::toolkit::deploy
