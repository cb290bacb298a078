#pragma once

#include "core/json.hpp"

#include <optional>
#include <string_view>

namespace cdk::cfn_template {

/// What a plain (unquoted, untagged) YAML scalar is, typed as CloudFormation types it: YAML 1.1 with the
/// resolvers of SnakeYAML, the Java library whose behaviour CloudFormation shows (`08` and `012345678910`
/// read as floats, `0400` as octal 256, `yes`/`on` as booleans; docs/cfn-template.md lists the evidence and
/// where cfn-lint's PyYAML differs).
enum class PlainKind { Null, Bool, Int, Float, String };

/// The kind of `text` as a plain scalar, by the first resolver that matches (null, bool, int, float; a string
/// otherwise). Timestamps (`2010-09-09`) stay strings: CloudFormation does not support the timestamp type.
[[nodiscard]] PlainKind plain_kind(std::string_view text);

/// The JSON value of a plain scalar: null, true/false, an integer (`0x1F` → 31, `0b101` → 5, `017` → 15,
/// `1_000` → 1000, `1:30` → 90), a float (`1.5`, `1e3` → 1000.0, `08` → 8.0), or the text itself. An integer
/// beyond the 64-bit range keeps its text (JSON readers could not keep its value). nullopt for `.inf`,
/// `-.inf` and `.nan`, which JSON cannot hold: the reader refuses them with their line and column.
[[nodiscard]] std::optional<Json> plain_value(std::string_view text);

/// The value of a scalar with an explicit core tag (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`): nullopt
/// when the text does not read as that type (`!!int abc`) or the value has no JSON form.
[[nodiscard]] std::optional<Json> tagged_value(PlainKind kind, std::string_view text);

} // namespace cdk::cfn_template
