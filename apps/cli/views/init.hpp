#pragma once

#include "apps/cli/init/project_template.hpp"

#include <ostream>
#include <string_view>
#include <vector>

namespace cdk::cli {

/// The templates as `cdk init --list` prints them: `* app: description` and the command line; with `json`,
/// an array of {name, description, aliases, languages}.
void render_init_templates(std::ostream& out, const std::vector<init::ProjectTemplate>& templates,
                           bool json = false);

/// What `init` says once the files are written: the template, each file, the README, the next steps.
void render_init_done(std::ostream& out, const init::ProjectTemplate& tmpl, std::string_view language,
                      const std::vector<init::ProjectFile>& files, bool git_initialized);

} // namespace cdk::cli
