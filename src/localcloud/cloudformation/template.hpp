#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace cdk::localcloud::cloudformation {

/// CloudFormation reads a template of at most 1 MB (TemplateURL; a TemplateBody is at most 51,200 bytes).
inline constexpr std::size_t kMaxTemplateBytes = 1'000'000;

/// Parses a template body: JSON, else YAML with the short-form tags (`!Ref x` → {"Ref": "x"},
/// `!GetAtt a.b` → {"Fn::GetAtt": ["a", "b"]}, `!Sub …` → {"Fn::Sub": …}, `!Condition c` → {"Condition":
/// "c"}). Errors are ValidationError "Template format error: …" as CloudFormation writes them; a template
/// whose top level is not a mapping, without Resources, with an unknown section, or a Transform is refused.
[[nodiscard]] Result<Json> parse_template(std::string_view body);

/// ValidationError (HTTP 400), the error CloudFormation answers for every template and parameter problem.
[[nodiscard]] Error validation_error(std::string message);

} // namespace cdk::localcloud::cloudformation
