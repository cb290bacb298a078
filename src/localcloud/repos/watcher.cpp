#include "localcloud/repos/watcher.hpp"

#include "core/parse_int.hpp"
#include "localcloud/repos/git.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <set>
#include <vector>

namespace cdk::localcloud::repos {

namespace {

std::string branch_name(std::string_view branch) {
    if (branch.substr(0, 11) == "refs/heads/") branch.remove_prefix(11);
    return std::string(branch);
}

/// The head of `branch` among `heads`, "" when absent.
std::string head_of(const std::vector<std::pair<std::string, std::string>>& heads,
                    const std::string& branch) {
    for (const auto& [name, id] : heads)
        if (name == branch) return id;
    return {};
}

} // namespace

std::chrono::milliseconds default_poll_interval() {
    if (const char* env = std::getenv("CDKPP_LOCALCLOUD_REPO_POLL_MS")) {
        if (auto ms = parse_int<long long>(env); ms && *ms >= 50 && *ms <= 3'600'000)
            return std::chrono::milliseconds(*ms);
    }
    return std::chrono::milliseconds(1000);
}

RepoWatcher::RepoWatcher(const RepoRegistry& registry, std::chrono::milliseconds interval)
    : registry_(registry), interval_(interval) {}

RepoWatcher::~RepoWatcher() {
    stop();
}

std::optional<std::string> RepoWatcher::head_now(std::string_view owner_repo,
                                                 const std::string& branch) const {
    auto repo = registry_.find(owner_repo);
    if (!repo) return std::nullopt;
    auto heads = branch_heads(*repo);
    if (!heads) return std::nullopt;
    return head_of(*heads, branch);
}

Result<RepoWatcher::SubscriptionId> RepoWatcher::subscribe(std::string_view owner_repo,
                                                           std::string_view branch, Callback callback,
                                                           std::optional<std::string> since) {
    if (auto v = validate_owner_repo(owner_repo); !v) return v.error();
    const std::string name = branch_name(branch);
    if (!is_safe_ref_name(name)) {
        return make_error("InvalidBranchName", fmt::format("'{}' is not a valid branch name", name), 400);
    }
    std::string last = since ? *since : head_now(owner_repo, name).value_or("");
    std::lock_guard lock(mutex_);
    const SubscriptionId id = next_id_++;
    subscriptions_.emplace(id,
                           Subscription{repo_key(owner_repo), std::string(owner_repo), name, std::move(last),
                                        std::make_shared<Callback>(std::move(callback))});
    return id;
}

void RepoWatcher::unsubscribe(SubscriptionId id) {
    std::lock_guard lock(mutex_);
    subscriptions_.erase(id);
}

std::size_t RepoWatcher::poll_once() {
    // Which repositories to read, outside the lock (git runs take milliseconds).
    std::map<std::string, std::string> repos; // key -> owner_repo
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : subscriptions_)
            repos.emplace(s.key, s.owner_repo);
    }
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> heads;
    for (const auto& [key, owner_repo] : repos) {
        auto repo = registry_.find(owner_repo);
        if (!repo) continue; // not linked (any more): nothing moves
        auto h = branch_heads(*repo);
        if (h) heads.emplace(key, std::move(*h));
    }
    std::vector<std::pair<std::shared_ptr<Callback>, std::string>> fire;
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, s] : subscriptions_) {
            const auto found = heads.find(s.key);
            if (found == heads.end()) continue;
            const std::string now = head_of(found->second, s.branch);
            if (now.empty() || now == s.last) continue;
            s.last = now;
            fire.emplace_back(s.callback, now);
        }
    }
    for (const auto& [callback, commit] : fire)
        (*callback)(commit);
    return fire.size();
}

void RepoWatcher::start() {
    std::lock_guard guard(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            wake_.wait_for(lock, interval_, [this] { return stopping_; });
            if (stopping_) break;
            lock.unlock();
            poll_once();
            lock.lock();
        }
    });
}

void RepoWatcher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

} // namespace cdk::localcloud::repos
