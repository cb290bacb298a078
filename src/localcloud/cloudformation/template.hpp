#pragma once

#include "cfn_template/template_text.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace cdk::localcloud::cloudformation {

/// CloudFormation reads a template of at most 1 MB (TemplateURL; a TemplateBody is at most 51,200 bytes).
inline constexpr std::size_t kMaxTemplateBytes = cfn_template::kMaxTemplateBytes;

/// Parses a template body with the shared reader, `cfn_template::read_template` (JSON, or CloudFormation's
/// YAML with its short-form intrinsics, bounded), then checks its structure. Errors are ValidationError
/// "Template format error: …" as CloudFormation writes them (a YAML error names its line and column); a
/// template whose top level is not a mapping, without Resources, with an unknown section, or a Transform is
/// refused.
[[nodiscard]] Result<Json> parse_template(std::string_view body);

/// ValidationError (HTTP 400), the error CloudFormation answers for every template and parameter problem.
[[nodiscard]] Error validation_error(std::string message);

} // namespace cdk::localcloud::cloudformation
