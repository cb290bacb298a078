#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::cli::init {

/// A project template of `cdkpp init` (apps/cli/templates/<name>/, embedded into cdkpp at build time).
struct ProjectTemplate {
    std::string name;
    std::string description;
    std::vector<std::string> aliases;
    std::vector<std::string>
        languages; ///< e.g. "cpp"; a `<lang>-pipeline` folder is a variant, not a language
};

/// One file of a rendered project: its path relative to the project directory and its content.
struct ProjectFile {
    std::string path;
    std::string content;
};

/// The names a template's placeholders expand to.
struct ProjectNames {
    std::string name;   ///< %name%: lower case, '-' and '_' kept (the CMake target and the program)
    std::string pascal; ///< %name.PascalCased%: a C++ class-name prefix
};

/// Every embedded template, sorted by name.
[[nodiscard]] std::vector<ProjectTemplate> available_templates();

/// The template named `name` or having it as an alias, or nullptr.
[[nodiscard]] const ProjectTemplate* find_template(const std::vector<ProjectTemplate>& templates,
                                                   std::string_view name);

/// The names for `raw` (--name, or the directory's name) as the stock `cdk init` forms them (camel case
/// split with '_': MyApp -> my_app); fails when nothing usable is left or it does not start with a letter.
[[nodiscard]] Result<ProjectNames> project_names(std::string_view raw);

/// The files of `tmpl` in `language` (with `pipeline`, the `<language>-pipeline` files replace or add to
/// them), placeholders expanded; `gitignore` becomes `.gitignore`.
[[nodiscard]] std::vector<ProjectFile> render_project(const ProjectTemplate& tmpl, std::string_view language,
                                                      bool pipeline, const ProjectNames& names,
                                                      std::string_view cdkpp_version);

/// Whether `language` has a pipeline variant in `tmpl`.
[[nodiscard]] bool has_pipeline_variant(const ProjectTemplate& tmpl, std::string_view language);

/// Fails unless `dir` is an existing directory without visible entries (names not starting with '.'), as
/// the stock `cdk init` requires; the message lists what is there.
[[nodiscard]] Result<void> check_empty_directory(const std::filesystem::path& dir);

/// Writes the files under `dir` (creating folders); fails naming the first file that could not be written.
[[nodiscard]] Result<void> write_project(const std::filesystem::path& dir,
                                         const std::vector<ProjectFile>& files);

} // namespace cdk::cli::init
