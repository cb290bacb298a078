#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <string_view>

namespace cdk::assembly::detail {

/// Reads and parses a JSON file (keys in file order). Errors: `FileNotFound` naming the path,
/// `JsonMalformed` naming the path and the parser's position.
[[nodiscard]] Result<nlohmann::ordered_json> read_json_file(const std::filesystem::path& path);

/// Writes a file by writing a sibling temporary file and renaming it over the target, so a reader
/// sees the old file or the new one, never a part. No fsync: an assembly is regenerated output.
[[nodiscard]] Result<void> replace_file(const std::filesystem::path& path, std::string_view content);

} // namespace cdk::assembly::detail
