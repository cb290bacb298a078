#include "localcloud/control/repos_control.hpp"

#include "core/json.hpp"
#include "core/strings.hpp"
#include "localcloud/state/store.hpp"

#include <fmt/format.h>

namespace cdk::localcloud::control {

namespace {

std::filesystem::path state_file(const ControlOptions& options) {
    return (options.data_dir.empty() ? default_data_dir() : options.data_dir) / "state.db";
}

/// Opens the store (creating it when `create`), or nullptr when it does not exist and `create` is false.
Result<std::unique_ptr<Store>> open_store(const ControlOptions& options, bool create) {
    const auto file = state_file(options);
    std::error_code ec;
    if (!create && !std::filesystem::exists(file, ec)) return std::unique_ptr<Store>{};
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
        return make_error("LinkFailed", "cannot create " + file.parent_path().string() + ": " + ec.message());
    return Store::open(file);
}

} // namespace

Result<repos::LinkedRepo> link_repo(const ControlOptions& options, std::string_view owner_repo,
                                    const std::filesystem::path& dir) {
    if (auto v = repos::validate_owner_repo(owner_repo); !v) return v.error(); // before a store is created
    auto store = open_store(options, true);
    if (!store) return store.error();
    return repos::RepoRegistry(**store).link(owner_repo, dir);
}

Result<repos::LinkedRepo> unlink_repo(const ControlOptions& options, std::string_view owner_repo) {
    if (auto v = repos::validate_owner_repo(owner_repo); !v) return v.error();
    auto store = open_store(options, false);
    if (!store) return store.error();
    if (!*store) return repos::repository_not_linked(owner_repo);
    return repos::RepoRegistry(**store).unlink(owner_repo);
}

Result<std::vector<RepoListing>> list_repos(const ControlOptions& options) {
    auto store = open_store(options, false);
    if (!store) return store.error();
    std::vector<RepoListing> out;
    if (!*store) return out;
    auto linked = repos::RepoRegistry(**store).list();
    if (!linked) return linked.error();
    for (auto& repo : *linked) {
        RepoListing item{std::move(repo), {}, {}};
        if (auto heads = repos::branch_heads(item.repo)) {
            item.heads = std::move(*heads);
        } else {
            item.problem = heads.error().message;
        }
        out.push_back(std::move(item));
    }
    return out;
}

std::string render_repos(const std::vector<RepoListing>& listing, bool json) {
    if (json) {
        Json all = Json::array();
        for (const auto& item : listing) {
            Json branches = Json::array();
            for (const auto& [name, id] : item.heads)
                branches.push_back(Json{{"name", name}, {"commit", id}});
            Json j{{"repository", item.repo.owner_repo},
                   {"directory", item.repo.dir.string()},
                   {"bare", item.repo.bare},
                   {"linkedAt", item.repo.linked_at},
                   {"branches", branches}};
            if (!item.problem.empty()) j["problem"] = item.problem;
            all.push_back(std::move(j));
        }
        return all.dump(2) + "\n";
    }
    if (listing.empty())
        return "no linked repositories (link one with `cdkpp local link-repo OWNER/REPO DIR`)\n";
    std::string out;
    for (const auto& item : listing) {
        out += fmt::format("{}  {}{}\n", item.repo.owner_repo, item.repo.dir.string(),
                           item.repo.bare ? " (bare)" : "");
        if (!item.problem.empty()) out += fmt::format("  ! {}\n", item.problem);
        for (const auto& [name, id] : item.heads)
            out += fmt::format("  {}  {}\n", name, id);
    }
    return out;
}

std::string render_linked(const repos::LinkedRepo& repo) {
    std::string branches;
    if (auto heads = repos::branch_heads(repo)) {
        std::vector<std::string> names;
        for (const auto& [name, id] : *heads)
            names.push_back(name);
        branches = fmt::format(" ({} branch{}{}{})", names.size(), names.size() == 1 ? "" : "es",
                               names.empty() ? "" : ": ", strings::join(names, ", "));
    }
    return fmt::format("linked {} -> {}{}\n", repo.owner_repo, repo.dir.string(), branches);
}

Result<std::string> run_repo_command(const ControlOptions& options, const RepoCommand& command) {
    if (command.verb == "link-repo") {
        auto linked = link_repo(options, command.owner_repo, command.dir);
        if (!linked) return linked.error();
        return render_linked(*linked);
    }
    if (command.verb == "unlink-repo") {
        auto gone = unlink_repo(options, command.owner_repo);
        if (!gone) return gone.error();
        return fmt::format("unlinked {} (was {})\n", gone->owner_repo, gone->dir.string());
    }
    auto listing = list_repos(options);
    if (!listing) return listing.error();
    return render_repos(*listing, command.json);
}

} // namespace cdk::localcloud::control
