#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "toolkit/settings.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdk::toolkit {

/// Context keys the stock CLI always passes to the app (its `contextFromSettings` defaults): path
/// metadata (`aws:cdk:path`), asset metadata, version reporting (the CDKMetadata resource), bundling for
/// every stack, and validation errors not failing synth.
[[nodiscard]] Json default_context();

/// Parses one `-c key=value` argument (the value stays a string, as in the stock CLI).
[[nodiscard]] Result<std::pair<std::string, std::string>> parse_context_argument(std::string_view argument);

/// The context handed to the app: defaults, then cdk.json's `context`, then ~/.cdk.json's, then
/// cdk.context.json, then the command line (later wins, as in the stock CLI).
[[nodiscard]] Json build_context(const ProjectSettings& settings,
                                 const std::vector<std::pair<std::string, std::string>>& command_line);

} // namespace cdk::toolkit
