#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <string_view>

namespace cdk::assembly::detail {

/// Reads and parses a JSON file (keys in file order). Errors: `FileNotFound` naming the path,
/// `JsonMalformed` naming the path and the parser's position.
/// Same keys and values as nlohmann::ordered_json::parse (a repeated key: first position, last value),
/// in linear time (core/json_reader.hpp).
[[nodiscard]] Result<nlohmann::ordered_json> read_json_file(const std::filesystem::path& path);

/// Parses `text`, the content of `path` (named in the error), as read_json_file does.
[[nodiscard]] Result<nlohmann::ordered_json> parse_json_text(std::string_view text,
                                                             const std::filesystem::path& path);

/// Writes `content` to `path` directly (create or truncate, write, close), creating the parent directory
/// when it is missing, as the stock CDK does (fs.writeFileSync). Not atomic: a reader could see a part of
/// the file; fine for assembly files, which are regenerated on every synth (see src/assembly/README.md).
/// Error `FileWriteError` naming the path.
[[nodiscard]] Result<void> write_file(const std::filesystem::path& path, std::string_view content);

} // namespace cdk::assembly::detail
