#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdk::localcloud {
class Store;
class Tx;
} // namespace cdk::localcloud

namespace cdk::localcloud::repos {

/// A local git repository registered as the GitHub repository `owner_repo` (`cdkpp local link-repo OWNER/REPO
/// DIR`). Linked repositories are machine-wide, like GitHub: every account of the localcloud sees them.
struct LinkedRepo {
    std::string owner_repo;        ///< as linked (`Acme/App`); looked up case-insensitively, as GitHub does
    std::filesystem::path dir;     ///< absolute path of the work tree or bare repository
    std::filesystem::path git_dir; ///< absolute path of its git directory (`DIR/.git`, or DIR when bare)
    bool bare = false;
    std::string linked_at; ///< ISO-8601
    [[nodiscard]] Json to_json() const;
};

/// One commit as a source revision: what CodePipeline and CodeBuild report about it.
struct Commit {
    std::string id;      ///< the full object id
    std::string message; ///< the whole message (subject, blank line, body), trailing newline removed
    std::string author_name;
    std::string author_email;
    std::string author_date;                   ///< ISO-8601 with offset (`%aI`)
    std::string committer_date;                ///< ISO-8601 with offset (`%cI`)
    [[nodiscard]] std::string subject() const; ///< the first line of the message
};

/// `OWNER/REPO` checked as GitHub names them: owner 1..39 letters, digits and `-` (not first); repository
/// 1..100 letters, digits, `.`, `-`, `_`, not `.` or `..`; an optional `.git` suffix is refused. Error
/// `InvalidRepositoryName` with the reason.
[[nodiscard]] Result<void> validate_owner_repo(std::string_view owner_repo);
/// The lookup key of a repository: lower case (GitHub's owner and repository names are case-insensitive).
[[nodiscard]] std::string repo_key(std::string_view owner_repo);

/// The error of a repository that is not linked (`RepositoryNotFound`); its message names the command that
/// links it: `cdkpp local link-repo OWNER/REPO DIR`.
[[nodiscard]] Error repository_not_linked(std::string_view owner_repo);

/// The machine-wide registry of linked repositories, in the localcloud store (account "", region "", kind
/// `linked-repo`). Every call is one store transaction.
class RepoRegistry {
public:
    explicit RepoRegistry(Store& store) : store_(store) {}

    /// Links `owner_repo` to `dir`, which must be a git work tree (its top level or any directory in it: the
    /// top level is stored) or a bare repository; replaces an earlier link of the same name. Errors:
    /// InvalidRepositoryName, NotAGitRepository (naming DIR).
    [[nodiscard]] Result<LinkedRepo> link(std::string_view owner_repo, const std::filesystem::path& dir);
    /// Removes the link; RepositoryNotFound when there is none.
    [[nodiscard]] Result<LinkedRepo> unlink(std::string_view owner_repo);
    /// The linked repository; RepositoryNotFound (naming `cdkpp local link-repo`) when none.
    [[nodiscard]] Result<LinkedRepo> find(std::string_view owner_repo) const;
    /// Every linked repository, by key.
    [[nodiscard]] Result<std::vector<LinkedRepo>> list() const;
    /// `find` inside a transaction the caller already holds (the store's lock is not recursive).
    [[nodiscard]] static Result<LinkedRepo> find_in(Tx& tx, std::string_view owner_repo);

private:
    Store& store_;
};

/// The heads of every branch, `{branch, commit id}` sorted by branch.
[[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> branch_heads(const LinkedRepo& repo);

/// The head commit of `branch` (a branch name, or `refs/heads/NAME`): what a CodePipeline source action
/// reads. Errors: InvalidBranchName (a name git would refuse, e.g. `--upload-pack=x`), BranchNotFound (naming
/// the branch and the repository), RepositoryUnavailable (the linked directory is gone or not a repository).
[[nodiscard]] Result<Commit> resolve_branch(const LinkedRepo& repo, std::string_view branch);

/// A CodeBuild source version: a branch name, a tag name, a full or abbreviated commit id, `refs/heads/B`,
/// `refs/tags/T`, `refs/pull/N/head`, or `REF^{COMMIT}` (CodeBuild's "reference and a commit id": the commit,
/// which must exist). Branches are tried before tags, tags before commit ids, as CodeBuild's git fetch does.
/// Errors: InvalidSourceVersion (not one of these forms), SourceVersionNotFound, AmbiguousSourceVersion (an
/// abbreviated id matching several objects).
[[nodiscard]] Result<Commit> resolve_version(const LinkedRepo& repo, std::string_view version);

/// The commit `id` (a full object id) with its message, author and dates.
[[nodiscard]] Result<Commit> read_commit(const LinkedRepo& repo, std::string_view id);

/// How `export_tree` lays the source out.
struct ExportOptions {
    /// false: only the files of the commit (what CodePipeline hands CodeBuild from a CODE_ZIP artifact).
    /// true: a clone of the repository with the commit checked out as a detached HEAD and `.git` present, as
    /// CodeBuild's GITHUB source (and a CODEBUILD_CLONE_REF artifact) gives the build; its `origin` is the
    /// linked directory, and `branch` (when given) is created at the commit and checked out instead of a
    /// detached HEAD.
    bool with_git = false;
    std::string branch;
};

/// Writes the tree of commit `id` into `dir` (created; must be empty or absent): regular files with their
/// executable bit, symbolic links as links; submodules are left as empty directories. The user's repository,
/// its index and work tree are not touched. Errors: ExportFailed with git's message.
[[nodiscard]] Result<void> export_tree(const LinkedRepo& repo, std::string_view id,
                                       const std::filesystem::path& dir, const ExportOptions& options = {});

/// Writes the zip that a CodePipeline GitHub source action produces as its output artifact (GitHub v1, and
/// the CodeStar connection action with OutputArtifactFormat CODE_ZIP): the files of commit `id` at the root
/// of the archive, no `.git`, no top-level `OWNER-REPO-SHA/` folder, symbolic links left out (CodePipeline
/// removes them), executable bits kept. Written to `zip_file` atomically (a temporary file renamed).
[[nodiscard]] Result<void> export_zip(const LinkedRepo& repo, std::string_view id,
                                      const std::filesystem::path& zip_file);

/// The CODEBUILD_CLONE_REF output artifact's one file (`codebuild-clone-ref.json` in the artifact zip): what
/// a CodeBuild action needs to clone the repository itself (owner/repo, branch, commit, connection ARN).
/// localcloud defines its own keys; CodeBuild reads it with `export_tree(…, {with_git = true})`.
[[nodiscard]] Json clone_ref(const LinkedRepo& repo, std::string_view branch, const Commit& commit,
                             std::string_view connection_arn);

} // namespace cdk::localcloud::repos
