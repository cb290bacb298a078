#include "localcloud/repos/repos.hpp"

#include "core/random.hpp"
#include "core/strings.hpp"
#include "localcloud/repos/git.hpp"
#include "localcloud/state/ids.hpp"
#include "localcloud/state/store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace cdk::localcloud::repos {

namespace {

constexpr std::string_view kKind = "linked-repo";
const Scope kMachineWide{"", ""};

Error invalid_name(std::string_view owner_repo, std::string_view why) {
    return make_error("InvalidRepositoryName",
                      fmt::format("'{}' is not a GitHub repository name (OWNER/REPO): {}", owner_repo, why),
                      400);
}

bool owner_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
}
bool repo_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

std::string git_dir_arg(const LinkedRepo& repo) {
    return "--git-dir=" + repo.git_dir.string();
}

/// Fails unless the linked directory still holds the repository.
Result<void> available(const LinkedRepo& repo) {
    std::error_code ec;
    if (!std::filesystem::is_directory(repo.git_dir, ec)) {
        return make_error(
            "RepositoryUnavailable",
            fmt::format("repository {} is linked to {}, which is no longer a git repository: link it "
                        "again with `cdkpp local link-repo {} DIR`",
                        repo.owner_repo, repo.dir.string(), repo.owner_repo),
            404);
    }
    return ok();
}

std::string first_line(std::string_view text) {
    const auto nl = text.find('\n');
    return std::string(strings::trim(nl == std::string_view::npos ? text : text.substr(0, nl)));
}

/// `git rev-parse --verify` of `expr^{commit}`: the full id, nullopt when it names no commit.
Result<std::optional<std::string>> rev_parse_commit(const LinkedRepo& repo, const std::string& expr,
                                                    bool* ambiguous = nullptr) {
    auto run = run_git({git_dir_arg(repo), "rev-parse", "--verify", "--end-of-options", expr + "^{commit}"},
                       {.max_output = 4096});
    if (!run) return run.error();
    if (run->exit_code != 0) {
        if (ambiguous != nullptr) *ambiguous = run->err.find("ambiguous") != std::string::npos;
        return std::optional<std::string>{};
    }
    std::string id(strings::trim(run->out));
    if (!is_full_object_id(id))
        return make_error("GitFailed", "git rev-parse printed no object id: " + id, 500);
    return std::optional<std::string>{std::move(id)};
}

Result<Commit> commit_or(const LinkedRepo& repo, Result<std::optional<std::string>> found, Error missing) {
    if (!found) return found.error();
    if (!*found) return missing;
    return read_commit(repo, **found);
}

Result<LinkedRepo> from_doc(const Json& doc) {
    if (!doc.is_object()) return make_error("StoreError", "a linked-repo record is not an object", 500);
    LinkedRepo repo;
    repo.owner_repo = doc.value("OwnerRepo", "");
    repo.dir = doc.value("Directory", "");
    repo.git_dir = doc.value("GitDirectory", "");
    repo.bare = doc.value("Bare", false);
    repo.linked_at = doc.value("LinkedAt", "");
    return repo;
}

Error export_failed(std::string_view what, const GitRun& run) {
    return make_error("ExportFailed",
                      fmt::format("{}: git exited with {}: {}", what, run.exit_code,
                                  strings::trim(strings::to_valid_utf8(run.err))),
                      500);
}

/// Runs git and turns a non-zero exit into ExportFailed naming `what`.
Result<GitRun> run_export_step(std::string_view what, const std::vector<std::string>& args,
                               const GitRunOptions& options = {}) {
    auto run = run_git(args, options);
    if (!run) return run.error();
    if (run->exit_code != 0) return export_failed(what, *run);
    return run;
}

Result<void> require_full_id(std::string_view id) {
    if (!is_full_object_id(id)) {
        return make_error("InvalidParameter", fmt::format("'{}' is not a full commit id", id), 400);
    }
    return ok();
}

Result<void> prepare_target(const std::filesystem::path& dir) {
    std::error_code ec;
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
        return make_error("ExportFailed", fmt::format("{} is not empty", dir.string()), 500);
    }
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return make_error("ExportFailed", fmt::format("cannot create {}: {}", dir.string(), ec.message()),
                          500);
    return ok();
}

} // namespace

Json LinkedRepo::to_json() const {
    return Json{{"OwnerRepo", owner_repo},
                {"Directory", dir.string()},
                {"GitDirectory", git_dir.string()},
                {"Bare", bare},
                {"LinkedAt", linked_at}};
}

std::string Commit::subject() const {
    return first_line(message);
}

Result<void> validate_owner_repo(std::string_view owner_repo) {
    const auto slash = owner_repo.find('/');
    if (slash == std::string_view::npos) return invalid_name(owner_repo, "it has no '/'");
    const std::string_view owner = owner_repo.substr(0, slash);
    const std::string_view name = owner_repo.substr(slash + 1);
    if (owner.empty() || owner.size() > 39)
        return invalid_name(owner_repo, "the owner must be 1 to 39 characters");
    if (!std::all_of(owner.begin(), owner.end(), owner_char) || owner.front() == '-') {
        return invalid_name(owner_repo, "the owner may hold only letters, digits and '-', not first");
    }
    if (name.empty() || name.size() > 100)
        return invalid_name(owner_repo, "the repository must be 1 to 100 characters");
    if (!std::all_of(name.begin(), name.end(), repo_char) || name == "." || name == "..") {
        return invalid_name(owner_repo, "the repository may hold only letters, digits, '.', '-' and '_'");
    }
    if (strings::ends_with(strings::to_lower(name), ".git")) {
        return invalid_name(owner_repo, "name the repository without '.git'");
    }
    return ok();
}

std::string repo_key(std::string_view owner_repo) {
    return strings::to_lower(owner_repo);
}

Error repository_not_linked(std::string_view owner_repo) {
    return make_error(
        "RepositoryNotFound",
        fmt::format("repository {} is not linked to localcloud: link a local git repository as it with "
                    "`cdkpp local link-repo {} DIR` (or `localcloud link-repo {} DIR`)",
                    owner_repo, owner_repo, owner_repo),
        404);
}

Result<LinkedRepo> RepoRegistry::link(std::string_view owner_repo, const std::filesystem::path& dir) {
    if (auto v = validate_owner_repo(owner_repo); !v) return v.error();
    std::error_code ec;
    const std::filesystem::path absolute =
        std::filesystem::weakly_canonical(std::filesystem::absolute(dir, ec), ec);
    auto not_a_repo = [&](std::string_view why) {
        return make_error("NotAGitRepository",
                          fmt::format("{} is not a git work tree (its top level) or a bare repository: {}",
                                      dir.string(), why),
                          400);
    };
    if (ec || !std::filesystem::is_directory(absolute, ec)) return not_a_repo("no such directory");
    auto probe = run_git({"-C", absolute.string(), "rev-parse", "--is-bare-repository", "--absolute-git-dir"},
                         {.max_output = 8192});
    if (!probe) return probe.error();
    if (probe->exit_code != 0) return not_a_repo(strings::trim(strings::to_valid_utf8(probe->err)));
    const auto lines = strings::split(strings::trim(probe->out), "\n");
    if (lines.size() != 2) return not_a_repo("git rev-parse answered " + probe->out);
    LinkedRepo repo;
    repo.owner_repo = std::string(owner_repo);
    repo.bare = lines[0] == "true";
    repo.git_dir = std::filesystem::path(lines[1]);
    repo.dir = absolute;
    if (repo.bare) {
        if (std::filesystem::weakly_canonical(repo.git_dir, ec) != absolute) {
            return not_a_repo("it is inside the bare repository " + repo.git_dir.string());
        }
    } else {
        auto top = run_git({"-C", absolute.string(), "rev-parse", "--show-toplevel"}, {.max_output = 8192});
        if (!top) return top.error();
        const std::filesystem::path top_level(std::string(strings::trim(top->out)));
        if (top->exit_code != 0 || std::filesystem::weakly_canonical(top_level, ec) != absolute) {
            return not_a_repo("it is inside the work tree " + top_level.string() + "; link that directory");
        }
    }
    repo.linked_at = iso8601(std::chrono::system_clock::now());
    auto stored = store_.write<LinkedRepo>([&](Tx& tx) -> Result<LinkedRepo> {
        if (auto p = tx.put(kMachineWide, kKind, repo_key(owner_repo), repo.to_json()); !p) return p.error();
        return repo;
    });
    return stored;
}

Result<LinkedRepo> RepoRegistry::unlink(std::string_view owner_repo) {
    if (auto v = validate_owner_repo(owner_repo); !v) return v.error();
    return store_.write<LinkedRepo>([&](Tx& tx) -> Result<LinkedRepo> {
        auto doc = tx.get(kMachineWide, kKind, repo_key(owner_repo));
        if (!doc) return doc.error();
        if (!*doc) return repository_not_linked(owner_repo);
        auto repo = from_doc(**doc);
        if (!repo) return repo.error();
        if (auto e = tx.erase(kMachineWide, kKind, repo_key(owner_repo)); !e) return e.error();
        return repo;
    });
}

Result<LinkedRepo> RepoRegistry::find_in(Tx& tx, std::string_view owner_repo) {
    if (auto v = validate_owner_repo(owner_repo); !v) return v.error();
    auto doc = tx.get(kMachineWide, kKind, repo_key(owner_repo));
    if (!doc) return doc.error();
    if (!*doc) return repository_not_linked(owner_repo);
    return from_doc(**doc);
}

Result<LinkedRepo> RepoRegistry::find(std::string_view owner_repo) const {
    if (auto v = validate_owner_repo(owner_repo); !v) return v.error();
    return store_.read<LinkedRepo>([&](Tx& tx) { return find_in(tx, owner_repo); });
}

Result<std::vector<LinkedRepo>> RepoRegistry::list() const {
    return store_.read<std::vector<LinkedRepo>>([&](Tx& tx) -> Result<std::vector<LinkedRepo>> {
        auto rows = tx.list(kMachineWide, kKind);
        if (!rows) return rows.error();
        std::vector<LinkedRepo> out;
        for (const auto& [key, doc] : *rows) {
            auto repo = from_doc(doc);
            if (!repo) return repo.error();
            out.push_back(std::move(*repo));
        }
        return out;
    });
}

Result<std::vector<std::pair<std::string, std::string>>> branch_heads(const LinkedRepo& repo) {
    if (auto a = available(repo); !a) return a.error();
    auto run =
        run_git({git_dir_arg(repo), "for-each-ref", "--format=%(refname)%00%(objectname)", "refs/heads/"});
    if (!run) return run.error();
    if (run->exit_code != 0) {
        return make_error("RepositoryUnavailable",
                          fmt::format("cannot list the branches of {} ({}): {}", repo.owner_repo,
                                      repo.dir.string(), strings::trim(strings::to_valid_utf8(run->err))),
                          404);
    }
    std::vector<std::pair<std::string, std::string>> heads;
    for (const std::string& line : strings::split(run->out, "\n")) {
        const auto nul = line.find('\0');
        if (nul == std::string::npos) continue;
        std::string name = line.substr(0, nul);
        if (!strings::starts_with(name, "refs/heads/")) continue;
        heads.emplace_back(strings::to_valid_utf8(name.substr(11)), line.substr(nul + 1));
    }
    std::sort(heads.begin(), heads.end());
    return heads;
}

Result<Commit> resolve_branch(const LinkedRepo& repo, std::string_view branch) {
    std::string_view name = branch;
    if (strings::starts_with(name, "refs/heads/")) name.remove_prefix(11);
    if (!is_safe_ref_name(name)) {
        return make_error("InvalidBranchName",
                          fmt::format("'{}' is not a valid branch name", strings::to_valid_utf8(branch)),
                          400);
    }
    if (auto a = available(repo); !a) return a.error();
    return commit_or(repo, rev_parse_commit(repo, "refs/heads/" + std::string(name)),
                     make_error("BranchNotFound",
                                fmt::format("branch '{}' was not found in repository {} (linked to {})", name,
                                            repo.owner_repo, repo.dir.string()),
                                404));
}

Result<Commit> resolve_version(const LinkedRepo& repo, std::string_view version) {
    const std::string shown = strings::to_valid_utf8(version);
    auto invalid = make_error(
        "InvalidSourceVersion",
        fmt::format("'{}' is not a branch, tag, commit id or REF^{{COMMIT}} source version", shown), 400);
    auto missing = make_error("SourceVersionNotFound",
                              fmt::format("source version '{}' was not found in repository {} (linked to {})",
                                          shown, repo.owner_repo, repo.dir.string()),
                              404);
    if (const auto hat = version.find("^{"); hat != std::string_view::npos) {
        const std::string_view ref = version.substr(0, hat);
        std::string_view id = version.substr(hat + 2);
        if (!strings::ends_with(id, "}") || !is_safe_ref_name(ref)) return invalid;
        id.remove_suffix(1);
        if (!is_full_object_id(id)) return invalid;
        if (auto a = available(repo); !a) return a.error();
        return commit_or(repo, rev_parse_commit(repo, std::string(id)), missing);
    }
    if (!is_safe_ref_name(version)) return invalid;
    if (auto a = available(repo); !a) return a.error();
    const std::string v(version);
    if (strings::starts_with(v, "refs/")) return commit_or(repo, rev_parse_commit(repo, v), missing);
    for (const char* prefix : {"refs/heads/", "refs/tags/"}) {
        auto found = rev_parse_commit(repo, prefix + v);
        if (!found) return found.error();
        if (*found) return read_commit(repo, **found);
    }
    if (!is_hex_prefix(v)) return missing;
    bool ambiguous = false;
    auto found = rev_parse_commit(repo, strings::to_lower(v), &ambiguous);
    if (found && !*found && ambiguous) {
        return make_error(
            "AmbiguousSourceVersion",
            fmt::format("commit id '{}' is ambiguous in repository {}: give more digits", v, repo.owner_repo),
            400);
    }
    return commit_or(repo, std::move(found), missing);
}

Result<Commit> read_commit(const LinkedRepo& repo, std::string_view id) {
    if (auto f = require_full_id(id); !f) return f.error();
    auto run =
        run_git({git_dir_arg(repo), "log", "-1", "--no-show-signature", "--encoding=UTF-8",
                 "--format=%H%x00%an%x00%ae%x00%aI%x00%cI%x00%B", "--end-of-options", std::string(id), "--"},
                {.max_output = 1u << 20});
    if (!run) return run.error();
    const auto fields = strings::split(run->out, std::string_view("\0", 1));
    if (run->exit_code != 0 || fields.size() != 6) {
        return make_error("SourceVersionNotFound",
                          fmt::format("commit {} was not found in repository {}", id, repo.owner_repo), 404);
    }
    Commit c;
    c.id = fields[0];
    c.author_name = strings::to_valid_utf8(fields[1]);
    c.author_email = strings::to_valid_utf8(fields[2]);
    c.author_date = fields[3];
    c.committer_date = fields[4];
    std::string message = strings::to_valid_utf8(fields[5]);
    while (!message.empty() && message.back() == '\n')
        message.pop_back();
    c.message = std::move(message);
    return c;
}

Result<void> export_tree(const LinkedRepo& repo, std::string_view id, const std::filesystem::path& dir,
                         const ExportOptions& options) {
    if (auto f = require_full_id(id); !f) return f.error();
    if (auto a = available(repo); !a) return a.error();
    if (!options.branch.empty() && !is_safe_ref_name(options.branch)) {
        return make_error("InvalidBranchName", fmt::format("'{}' is not a valid branch name", options.branch),
                          400);
    }
    if (auto p = prepare_target(dir); !p) return p.error();
    const std::string commit(id);
    if (options.with_git) {
        // --no-hardlinks: a build must not be able to reach the user's object files.
        if (auto c = run_export_step("git clone", {"clone", "--quiet", "--no-hardlinks", "--no-checkout",
                                                   "--", repo.dir.string(), dir.string()});
            !c) {
            return c.error();
        }
        std::vector<std::string> checkout{"-C",       dir.string(), "-c", "advice.detachedHead=false",
                                          "checkout", "--quiet"};
        if (options.branch.empty()) {
            checkout.insert(checkout.end(), {"--detach", commit});
        } else {
            checkout.insert(checkout.end(), {"-B", options.branch, commit});
        }
        checkout.emplace_back("--");
        if (auto c = run_export_step("git checkout", checkout); !c) return c.error();
        return ok();
    }
    // A private index: the user's index and work tree are never touched, and nothing of .git is written.
    const std::filesystem::path index =
        std::filesystem::temp_directory_path() / ("localcloud-export-" + random_uuid() + ".index");
    const GitRunOptions with_index{.extra_env = {{"GIT_INDEX_FILE", index.string()}}};
    auto read = run_export_step("git read-tree", {git_dir_arg(repo), "read-tree", "--end-of-options", commit},
                                with_index);
    Result<GitRun> written = read ? run_export_step("git checkout-index",
                                                    {git_dir_arg(repo), "--work-tree=" + dir.string(),
                                                     "checkout-index", "--all", "--force"},
                                                    with_index)
                                  : read;
    std::error_code ec;
    std::filesystem::remove(index, ec);
    if (!written) return written.error();
    return ok();
}

Result<void> export_zip(const LinkedRepo& repo, std::string_view id, const std::filesystem::path& zip_file) {
    if (auto f = require_full_id(id); !f) return f.error();
    if (auto a = available(repo); !a) return a.error();
    const std::string commit(id);
    // The symbolic links of the tree, left out as CodePipeline leaves them out.
    auto tree = run_export_step(
        "git ls-tree", {git_dir_arg(repo), "ls-tree", "-r", "-z", "--full-tree", "--end-of-options", commit});
    if (!tree) return tree.error();
    std::vector<std::string> args{git_dir_arg(repo), "archive", "--format=zip"};
    const std::filesystem::path tmp = zip_file.string() + ".tmp-" + random_uuid();
    args.push_back("--output=" + tmp.string());
    args.insert(args.end(), {"--end-of-options", commit, "."}); // after --end-of-options everything is a path
    for (const std::string& entry : strings::split(tree->out, std::string_view("\0", 1))) {
        if (strings::starts_with(entry, "120000 ")) {
            const auto tab = entry.find('\t');
            if (tab != std::string::npos) args.push_back(":(exclude,literal)" + entry.substr(tab + 1));
        }
    }
    std::error_code ec;
    std::filesystem::create_directories(zip_file.parent_path(), ec);
    auto archived = run_export_step("git archive", args);
    if (!archived) {
        std::filesystem::remove(tmp, ec);
        return archived.error();
    }
    std::filesystem::rename(tmp, zip_file, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return make_error("ExportFailed", fmt::format("cannot write {}: {}", zip_file.string(), ec.message()),
                          500);
    }
    return ok();
}

Json clone_ref(const LinkedRepo& repo, std::string_view branch, const Commit& commit,
               std::string_view connection_arn) {
    return Json{{"FullRepositoryId", repo.owner_repo},
                {"Branch", std::string(branch)},
                {"CommitId", commit.id},
                {"ConnectionArn", std::string(connection_arn)}};
}

} // namespace cdk::localcloud::repos
