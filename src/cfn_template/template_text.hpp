#pragma once

#include "core/json.hpp"
#include "core/json_reader.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <string_view>

namespace cdk::cfn_template {

/// CloudFormation reads a template of at most 1 MB (TemplateURL; a TemplateBody is at most 51,200 bytes).
inline constexpr std::size_t kMaxTemplateBytes = 1'000'000;

/// The nesting a template may have, in JSON and in YAML: far beyond any real template (a few tens of levels),
/// far below what recursive code walking the value (dump, copy, the engine's walkers) could not take.
inline constexpr std::size_t kMaxTemplateDepth = json::kMaxDepth;

struct TemplateLimits {
    std::size_t max_bytes = kMaxTemplateBytes;
    std::size_t max_depth = kMaxTemplateDepth;
};

/// Reads a CloudFormation template's text into its JSON value: JSON when its first non-blank character is
/// `{`, else YAML in CloudFormation's dialect (YAML 1.1 scalar types, yaml_scalars.hpp; one document; the
/// short-form intrinsics `!Ref x` → {"Ref": "x"}, `!GetAtt a.b` → {"Fn::GetAtt": ["a", "b"]}, `!Sub …` →
/// {"Fn::Sub": …},
/// `!Condition c` → {"Condition": "c"}, every other CloudFormation function `!F v` → {"Fn::F": v}; a
/// duplicated key keeps its last value, as CloudFormation and the JSON reader do).
///
/// Total and bounded: text above `max_bytes`, nesting deeper than `max_depth`, bytes that are not UTF-8
/// (before or after YAML's escapes are decoded), control characters, anchors and aliases, `<<` merges, the
/// tags CloudFormation does not support (`!!binary`, `!!timestamp`, `!!set`, `!!omap`, `!!pairs`, unknown
/// `!Tags`), floats without a JSON value (`.inf`, `.nan`) and more than one document are errors, never an
/// exception or a crash. Error code `TemplateFormatError`; its message is what follows CloudFormation's
/// "Template format error: ", e.g. "YAML not well-formed. (line 3, column 9: !Foo is not a CloudFormation
/// function)" or "JSON not well-formed. (line 1, column 2)". Both the toolkit (`toolkit/template_reader`) and
/// localcloud
/// (`cloudformation/template`) read templates through this function.
[[nodiscard]] Result<Json> read_template(std::string_view text, const TemplateLimits& limits = {});

/// Only the YAML half of `read_template` (for text known to be YAML).
[[nodiscard]] Result<Json> read_yaml(std::string_view text, const TemplateLimits& limits = {});

} // namespace cdk::cfn_template
