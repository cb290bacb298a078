#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <string>

namespace cdk::toolkit {

/// Parses a CloudFormation template written as JSON or YAML with the reader localcloud uses too,
/// `cfn_template::read_template` (YAML short forms become their long forms, YAML 1.1 scalar types as
/// CloudFormation reads them, bounded). Error `TemplateMalformed` naming `where` and the line and column.
[[nodiscard]] Result<Json> parse_template(const std::string& text, const std::string& where);

/// Reads and parses a template file (`TemplateFileUnreadable`, `TemplateMalformed`).
[[nodiscard]] Result<Json> read_template_file(const std::filesystem::path& path);

} // namespace cdk::toolkit
