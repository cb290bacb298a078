// Change detection: a commit on a watched branch fires its callback once with the new id; nothing fires
// without a change; the polling thread does the same on its own.
#include "core/fs.hpp"
#include "core/random.hpp"
#include "core/strings.hpp"
#include "localcloud/repos/git.hpp"
#include "localcloud/repos/watcher.hpp"
#include "localcloud/state/store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

namespace cdk::localcloud::repos {
namespace {

namespace stdfs = std::filesystem;

class WatcherTest : public ::testing::Test {
protected:
    void SetUp() override {
        root = stdfs::temp_directory_path() / ("lc-watch-" + random_uuid());
        stdfs::create_directories(root);
        auto opened = Store::open(root / "state.db");
        ASSERT_TRUE(opened);
        store = std::move(*opened);
        registry = std::make_unique<RepoRegistry>(*store);
        work = root / "app";
        git({"init", "-q", "-b", "main", work.string()});
        first = commit("one");
        ASSERT_TRUE(registry->link("Acme/App", work));
    }
    void TearDown() override {
        registry.reset();
        store.reset();
        std::error_code ec;
        stdfs::remove_all(root, ec);
    }
    std::string git(std::vector<std::string> args) {
        args.insert(args.begin(), {"-C", work.string(), "-c", "user.name=T", "-c", "user.email=t@example.com",
                                   "-c", "commit.gpgsign=false"});
        if (!stdfs::exists(work)) args.erase(args.begin(), args.begin() + 2);
        auto run = run_git(args);
        EXPECT_TRUE(run && run->exit_code == 0) << (run ? run->err : run.error().to_string());
        return run ? std::string(strings::trim(run->out)) : "";
    }
    std::string commit(const std::string& message) {
        EXPECT_TRUE(fs::write_file_atomic(work / "f.txt", message));
        git({"add", "f.txt"});
        git({"commit", "-q", "-m", message});
        return git({"rev-parse", "HEAD"});
    }

    stdfs::path root, work;
    std::unique_ptr<Store> store;
    std::unique_ptr<RepoRegistry> registry;
    std::string first;
};

TEST_F(WatcherTest, ACommitFiresOnceWithItsIdAndNothingFiresWithoutChange) {
    RepoWatcher watcher(*registry, std::chrono::milliseconds(50));
    std::vector<std::string> seen;
    auto id = watcher.subscribe("acme/app", "main", [&](const std::string& c) { seen.push_back(c); });
    ASSERT_TRUE(id) << id.error().to_string();
    EXPECT_EQ(watcher.poll_once(), 0u);
    EXPECT_TRUE(seen.empty());
    const std::string second = commit("two");
    EXPECT_EQ(watcher.poll_once(), 1u);
    EXPECT_EQ(watcher.poll_once(), 0u);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0], second);
    // Two commits between polls: one call, with the newest head.
    commit("three");
    const std::string fourth = commit("four");
    EXPECT_EQ(watcher.poll_once(), 1u);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1], fourth);
    // A commit on another branch does not fire a subscription to main.
    git({"checkout", "-q", "-b", "other"});
    commit("on other");
    EXPECT_EQ(watcher.poll_once(), 0u);
    watcher.unsubscribe(*id);
    git({"checkout", "-q", "main"});
    commit("after unsubscribe");
    EXPECT_EQ(watcher.poll_once(), 0u);
    EXPECT_EQ(seen.size(), 2u);
}

TEST_F(WatcherTest, SinceFiresForWhatTheCallerHasNotSeen) {
    RepoWatcher watcher(*registry, std::chrono::milliseconds(50));
    const std::string second = commit("two");
    std::vector<std::string> seen;
    ASSERT_TRUE(watcher.subscribe(
        "Acme/App", "refs/heads/main", [&](const std::string& c) { seen.push_back(c); }, first));
    EXPECT_EQ(watcher.poll_once(), 1u);
    ASSERT_EQ(seen, std::vector<std::string>{second});
}

TEST_F(WatcherTest, ABranchCreatedLaterAndARepositoryLinkedLaterFire) {
    RepoWatcher watcher(*registry, std::chrono::milliseconds(50));
    std::vector<std::string> dev, other;
    ASSERT_TRUE(watcher.subscribe("Acme/App", "dev", [&](const std::string& c) { dev.push_back(c); }));
    ASSERT_TRUE(watcher.subscribe("Acme/Later", "main", [&](const std::string& c) { other.push_back(c); }));
    EXPECT_EQ(watcher.poll_once(), 0u);
    git({"branch", "dev"});
    EXPECT_EQ(watcher.poll_once(), 1u);
    EXPECT_EQ(dev, std::vector<std::string>{first});
    ASSERT_TRUE(registry->link("acme/later", work));
    EXPECT_EQ(watcher.poll_once(), 1u);
    EXPECT_EQ(other, std::vector<std::string>{first});
    auto bad = watcher.subscribe("Acme/App", "--upload-pack=x", [](const std::string&) {});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "InvalidBranchName");
}

TEST_F(WatcherTest, ThePollingThreadFiresOnItsOwn) {
    RepoWatcher watcher(*registry, std::chrono::milliseconds(50));
    std::atomic<int> calls{0};
    std::string last;
    std::mutex m;
    ASSERT_TRUE(watcher.subscribe("Acme/App", "main", [&](const std::string& c) {
        std::lock_guard lock(m);
        last = c;
        ++calls;
    }));
    watcher.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(calls.load(), 0);
    const std::string second = commit("two");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (calls.load() == 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    watcher.stop();
    EXPECT_EQ(calls.load(), 1);
    std::lock_guard lock(m);
    EXPECT_EQ(last, second);
}

} // namespace
} // namespace cdk::localcloud::repos
