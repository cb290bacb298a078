#pragma once

#include "core/result.hpp"
#include "localcloud/control/control.hpp"
#include "localcloud/repos/repos.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdk::localcloud::control {

// `localcloud link-repo|unlink-repo|repos` and `cdkpp local link-repo|unlink-repo|repos`: both programs call
// these. They write the data directory's store directly (SQLite serialises them with a running server, which
// reads the registry on every use), so a link takes effect at once and works whether or not localcloud runs.

/// Links `owner_repo` to the git repository `dir` (stored as its absolute path); creates the data directory's
/// store when there is none yet.
[[nodiscard]] Result<repos::LinkedRepo> link_repo(const ControlOptions& options, std::string_view owner_repo,
                                                  const std::filesystem::path& dir);
/// Removes the link (RepositoryNotFound when there is none).
[[nodiscard]] Result<repos::LinkedRepo> unlink_repo(const ControlOptions& options,
                                                    std::string_view owner_repo);

/// One linked repository with its branch heads, or why they could not be read (a directory moved away).
struct RepoListing {
    repos::LinkedRepo repo;
    std::vector<std::pair<std::string, std::string>> heads;
    std::string problem; ///< "" when the heads were read
};
/// Every linked repository (none when the data directory has no store yet).
[[nodiscard]] Result<std::vector<RepoListing>> list_repos(const ControlOptions& options);

/// What `repos` prints: per repository `OWNER/REPO  DIR` and one indented `branch  commit` line per branch,
/// or with `json` a JSON array of {"repository", "directory", "bare", "linkedAt", "branches":
/// [{"name","commit"}], "problem"?}.
[[nodiscard]] std::string render_repos(const std::vector<RepoListing>& listing, bool json);
/// What link-repo prints: `linked OWNER/REPO -> DIR (N branches: main …)`.
[[nodiscard]] std::string render_linked(const repos::LinkedRepo& repo);

/// One of the three commands as both programs parse them.
struct RepoCommand {
    std::string verb;       ///< link-repo, unlink-repo or repos
    std::string owner_repo; ///< link-repo, unlink-repo
    std::string dir;        ///< link-repo
    bool json = false;      ///< repos
};
/// Runs it and returns what to print on stdout.
[[nodiscard]] Result<std::string> run_repo_command(const ControlOptions& options, const RepoCommand& command);

} // namespace cdk::localcloud::control
