#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace cdk::toolkit {

/// File names the CDK CLI reads in the project directory.
inline constexpr const char* kProjectConfigFile = "cdk.json";
inline constexpr const char* kProjectContextFile = "cdk.context.json";
inline constexpr const char* kDefaultOutput = "cdk.out";

/// What the project's `cdk.json` (and the user's `~/.cdk.json`) say, merged: the project wins.
struct ProjectSettings {
    std::filesystem::path project_dir;
    std::optional<std::string> app;    ///< the command that runs the app (or a directory holding an assembly)
    std::optional<std::string> output; ///< where the app writes the assembly (default cdk.out)
    Json project_context = Json::object(); ///< `context` of cdk.json
    Json user_context = Json::object();    ///< `context` of ~/.cdk.json
    Json saved_context = Json::object();   ///< cdk.context.json (cached lookups)
    Json raw = Json::object();             ///< the merged settings as read
};

/// Reads `cdk.json` and `cdk.context.json` in `project_dir` and `~/.cdk.json` in `home` (each optional).
/// A file that exists but is not a JSON object is an error naming it.
[[nodiscard]] Result<ProjectSettings> load_project_settings(const std::filesystem::path& project_dir,
                                                            const std::optional<std::filesystem::path>& home);

} // namespace cdk::toolkit
