#pragma once

#include "core/result.hpp"

#include <filesystem>

namespace cdk::cli::init {

/// Whether `dir` is inside a git work tree already (then `cdkpp init` leaves git alone, as `cdk init` does).
[[nodiscard]] bool inside_git_work_tree(const std::filesystem::path& dir);

/// `git init`, `git add .`, `git commit --message="Initial commit" --no-gpg-sign` in `dir` (the stock
/// `cdk init` sequence), git's own output silenced; an error names the step that failed.
[[nodiscard]] Result<void> initialize_git_repository(const std::filesystem::path& dir);

} // namespace cdk::cli::init
