#pragma once

#include "core/json.hpp"

#include <string>

namespace cdk::toolkit {

/// YAML as the stock CLI prints templates (npm `yaml`, YAML 1.1 schema, no line wrapping): block style,
/// sequences indented under their key, strings plain unless they would read as something else (numbers,
/// yes/no/on/off, null, timestamps, indicators), then double-quoted (single-quoted when they hold `"`),
/// multi-line strings as literal blocks.
[[nodiscard]] std::string to_yaml(const nlohmann::ordered_json& value);

/// Pretty JSON with 2-space indentation (what `cdk synth --json` prints).
[[nodiscard]] std::string to_json_text(const nlohmann::ordered_json& value);

/// What `cdk synth` hides when printing a template: the `CheckBootstrapVersion` rule (and `Rules` when
/// that was the only one).
void obscure_template(nlohmann::ordered_json& tmpl);

} // namespace cdk::toolkit
