#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <string>

namespace cdk::toolkit {

/// Parses a CloudFormation template written as JSON or YAML. YAML short forms (`!Ref X`, `!Sub ...`,
/// `!GetAtt A.B`, `!If [...]`, ...) become their long forms (`{"Ref": "X"}`, `{"Fn::Sub": ...}`, ...);
/// quoted scalars stay strings, plain scalars become numbers or booleans when they read as such.
[[nodiscard]] Result<Json> parse_template(const std::string& text, const std::string& where);

/// Reads and parses a template file (`TemplateFileUnreadable`, `TemplateMalformed`).
[[nodiscard]] Result<Json> read_template_file(const std::filesystem::path& path);

} // namespace cdk::toolkit
