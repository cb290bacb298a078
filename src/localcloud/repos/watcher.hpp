#pragma once

#include "core/result.hpp"
#include "localcloud/repos/repos.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace cdk::localcloud::repos {

/// The poll interval: `$CDKPP_LOCALCLOUD_REPO_POLL_MS` (50..3,600,000), else 1,000 ms.
[[nodiscard]] std::chrono::milliseconds default_poll_interval();

/// Watches branches of linked repositories and calls back when a branch's head moves: the change detection
/// behind a pipeline's source action (CodePipeline's webhook or polling). It polls: every interval, one
/// `git for-each-ref refs/heads/` per linked repository that has a subscription (about 2 ms each), compared
/// with the last head seen. Nothing is installed into the user's repository.
///
/// A callback runs on the watcher's thread (or the thread calling `poll_once`), outside its lock, with the
/// new head's full commit id; it may subscribe and unsubscribe. Several commits between two polls give one
/// call, with the newest head (what a polling source action sees). A branch that is deleted gives no call;
/// when it reappears at another commit, a call.
class RepoWatcher {
public:
    using Callback = std::function<void(const std::string& commit_id)>;
    using SubscriptionId = std::uint64_t;

    RepoWatcher(const RepoRegistry& registry, std::chrono::milliseconds interval = default_poll_interval());
    ~RepoWatcher(); ///< stops the thread
    RepoWatcher(const RepoWatcher&) = delete;
    RepoWatcher& operator=(const RepoWatcher&) = delete;

    /// Watches `branch` of `owner_repo` (case-insensitive, as GitHub). `since` is the last commit the caller
    /// has handled (e.g. a pipeline's last source revision, kept across restarts): when the head differs from
    /// it at the next poll, the callback fires. Without `since`, the head at the time of the call (none when
    /// the repository is not linked yet or the branch does not exist: then its first head fires). Errors:
    /// InvalidRepositoryName, InvalidBranchName.
    [[nodiscard]] Result<SubscriptionId> subscribe(std::string_view owner_repo, std::string_view branch,
                                                   Callback callback,
                                                   std::optional<std::string> since = std::nullopt);
    void unsubscribe(SubscriptionId id);

    /// Checks every watched branch once and fires the callbacks of those that moved; returns how many fired.
    std::size_t poll_once();

    /// Polls on a thread every interval until `stop` (or destruction). Idempotent.
    void start();
    void stop();

private:
    struct Subscription {
        std::string key; ///< repo_key(owner_repo)
        std::string owner_repo;
        std::string branch;
        std::string last; ///< the head last seen ("" none)
        std::shared_ptr<Callback> callback;
    };
    [[nodiscard]] std::optional<std::string> head_now(std::string_view owner_repo,
                                                      const std::string& branch) const;

    const RepoRegistry& registry_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::map<SubscriptionId, Subscription> subscriptions_;
    SubscriptionId next_id_ = 1;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace cdk::localcloud::repos
