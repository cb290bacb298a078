#pragma once

#include "core/result.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cdk::localcloud::codebuild {

/// One phase of a buildspec (install, pre_build, build, post_build).
struct BuildPhase {
    std::vector<std::string> commands;
    std::vector<std::string> finally;
    /// ABORT (the default: later phases are skipped, but post_build still follows a failed build) or
    /// CONTINUE.
    std::string on_failure = "ABORT";
};

/// `artifacts` or one of `artifacts.secondary-artifacts`.
struct ArtifactSpec {
    std::vector<std::string> files;
    std::vector<std::string> exclude_paths;
    std::string base_directory;
    std::string name;
    bool discard_paths = false;
};

/// A parsed buildspec, version 0.2 (0.1 is refused as CodeBuild deprecates it: it runs each command in its
/// own shell). Ordered lists keep the file's order: variables are exported in it.
struct BuildSpec {
    std::string shell; ///< env.shell: "" (bash), "bash" or "/bin/sh"
    std::vector<std::pair<std::string, std::string>> variables;
    std::vector<std::pair<std::string, std::string>> parameter_store;
    std::vector<std::pair<std::string, std::string>> secrets_manager;
    std::vector<std::string> exported_variables;
    std::map<std::string, BuildPhase> phases; ///< by buildspec name: install, pre_build, build, post_build
    std::optional<ArtifactSpec> artifacts;
    std::map<std::string, ArtifactSpec> secondary_artifacts;
    std::vector<std::string> cache_paths;
};

/// Largest buildspec read (inline or from the source): CodeBuild's own limit for an inline buildspec
/// override.
constexpr std::size_t kMaxBuildSpecBytes = 256 * 1024;

/// Parses buildspec YAML. Errors carry CodeBuild's YAML_FILE_ERROR wording in their message (code
/// "YAML_FILE_ERROR"): invalid YAML, an unsupported version, an unknown phase, a key of the wrong type.
[[nodiscard]] Result<BuildSpec> parse_buildspec(const std::string& text);

/// Whether `path` (relative, '/'-separated) matches the artifact glob `pattern`: `*` any characters but '/',
/// `**` any characters across directories (`**/` also matches nothing), `?` one character. A pattern naming a
/// directory matches nothing by itself (CodeBuild lists files).
[[nodiscard]] bool glob_match(const std::string& pattern, const std::string& path);

/// `$NAME` and `${NAME}` replaced by their values in `env` (unknown names become ""), as CodeBuild expands an
/// artifact name.
[[nodiscard]] std::string expand_variables(const std::string& text,
                                           const std::map<std::string, std::string>& env);

} // namespace cdk::localcloud::codebuild
