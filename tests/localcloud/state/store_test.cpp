#include "localcloud/state/store.hpp"

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <vector>
#include <gtest/gtest.h>
#include <unistd.h>

namespace cdk::localcloud {
namespace {

std::filesystem::path temp_db() {
    auto dir = std::filesystem::temp_directory_path() / ("lc-store-" + std::to_string(::getpid()) + "-" +
                                                         std::to_string(std::rand()));
    std::filesystem::create_directories(dir);
    return dir / "state.db";
}

TEST(StoreTest, PutGetListEraseAndSurviveReopen) {
    const auto file = temp_db();
    const Scope scope{"111111111111", "ap-southeast-2"};
    {
        auto store = Store::open(file);
        ASSERT_TRUE(store) << store.error().to_string();
        EXPECT_EQ((*store)->schema_version(), 1);
        auto r = (*store)->write<int>([&](Tx& tx) -> Result<int> {
            for (const char* n : {"a/1", "a/2", "b/1"}) {
                if (auto p = tx.put(scope, "thing", n, Json{{"n", n}}); !p) return p.error();
            }
            return 3;
        });
        ASSERT_TRUE(r);
    }
    auto store = Store::open(file);
    ASSERT_TRUE(store);
    auto listed = (*store)->read<std::vector<std::pair<std::string, Json>>>(
        [&](Tx& tx) { return tx.list(scope, "thing", "a/"); });
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2U);
    EXPECT_EQ((*listed)[1].first, "a/2");
    auto after = (*store)->read<std::vector<std::pair<std::string, Json>>>(
        [&](Tx& tx) { return tx.list(scope, "thing", "", "a/2"); });
    ASSERT_TRUE(after);
    ASSERT_EQ(after->size(), 1U);
    EXPECT_EQ((*after)[0].first, "b/1");
    auto gone = (*store)->write<bool>([&](Tx& tx) { return tx.erase(scope, "thing", "a/1"); });
    ASSERT_TRUE(gone);
    EXPECT_TRUE(*gone);
    std::filesystem::remove_all(file.parent_path());
}

TEST(StoreTest, FailsAndRollsBackWhenTheCallbackFails) {
    const auto file = temp_db();
    const Scope scope{"1", ""};
    auto store = Store::open(file);
    ASSERT_TRUE(store);
    auto r = (*store)->write<int>([&](Tx& tx) -> Result<int> {
        (void)tx.put(scope, "thing", "x", Json::object());
        return make_error("Boom", "fails after a write");
    });
    EXPECT_FALSE(r);
    auto got = (*store)->read<std::optional<Json>>([&](Tx& tx) { return tx.get(scope, "thing", "x"); });
    ASSERT_TRUE(got);
    EXPECT_FALSE(got->has_value());
    std::filesystem::remove_all(file.parent_path());
}

// An exception escaping a write (a bug caught by the dispatcher, or invalid UTF-8 that Json::dump refuses)
// rolled nothing back: the transaction stayed open and every later BEGIN failed with 500 StoreError.
TEST(StoreTest, RollsBackWhenTheCallbackThrowsAndStaysUsable) {
    const auto file = temp_db();
    const Scope scope{"1", ""};
    auto store = Store::open(file);
    ASSERT_TRUE(store);
    EXPECT_THROW((void)(*store)->write<int>([&](Tx& tx) -> Result<int> {
        (void)tx.put(scope, "thing", "x", Json::object());
        return tx.put(scope, "thing", "y", Json("\xFF")).has_value() ? 1 : 0; // dump throws type_error 316
    }),
                 std::exception);
    EXPECT_THROW((void)(*store)->read<int>([&](Tx&) -> Result<int> { throw std::runtime_error("bug"); }),
                 std::runtime_error);
    auto after = (*store)->write<int>([&](Tx& tx) -> Result<int> {
        if (auto p = tx.put(scope, "thing", "z", Json::object()); !p) return p.error();
        return 1;
    });
    ASSERT_TRUE(after) << after.error().to_string();
    auto x = (*store)->read<std::optional<Json>>([&](Tx& tx) { return tx.get(scope, "thing", "x"); });
    ASSERT_TRUE(x) << x.error().to_string();
    EXPECT_FALSE(x->has_value()) << "the write that threw was committed";
    std::filesystem::remove_all(file.parent_path());
}

// Group commit: 16 threads write at once, so writes share commits; every third write fails or throws after
// its put. Each failed one leaves nothing behind, each succeeded one is there (after a reopen), and a
// read-modify-write counter shared by all of them loses no increment.
TEST(StoreTest, ConcurrentWritesShareCommitsAndFailAlone) {
    const auto file = temp_db();
    const Scope scope{"1", ""};
    constexpr int kThreads = 16;
    constexpr int kEach = 30;
    {
        auto store = Store::open(file);
        ASSERT_TRUE(store);
        std::vector<std::thread> threads;
        std::atomic<int> ok_writes{0};
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kEach; ++i) {
                    const std::string name = std::to_string(t) + "/" + std::to_string(i);
                    const int mode = (t + i) % 3;  // 0: succeeds, 1: fails, 2: throws
                    try {
                        auto r = (*store)->write<int>([&](Tx& tx) -> Result<int> {
                            auto c = tx.get(scope, "counter", "n");
                            if (!c) return c.error();
                            const int n = c->has_value() ? (**c)["n"].get<int>() : 0;
                            if (auto p = tx.put(scope, "counter", "n", Json{{"n", n + 1}}); !p) return p.error();
                            if (auto p = tx.put(scope, "thing", name, Json::object()); !p) return p.error();
                            if (mode == 1) return make_error("Boom", "fails after its writes");
                            if (mode == 2) throw std::runtime_error("bug after its writes");
                            return 1;
                        });
                        if (r) ++ok_writes;
                        EXPECT_EQ(static_cast<bool>(r), mode == 0);
                    } catch (const std::runtime_error&) {
                        EXPECT_EQ(mode, 2);
                    }
                }
            });
        }
        for (auto& th : threads) th.join();
        EXPECT_EQ(ok_writes.load(), kThreads * kEach / 3);
    }
    auto store = Store::open(file);
    ASSERT_TRUE(store);
    auto listed = (*store)->read<std::vector<std::pair<std::string, Json>>>(
        [&](Tx& tx) { return tx.list(scope, "thing"); });
    ASSERT_TRUE(listed);
    EXPECT_EQ(static_cast<int>(listed->size()), kThreads * kEach / 3);
    for (const auto& [name, doc] : *listed) {
        const auto slash = name.find('/');
        const int t = std::stoi(name.substr(0, slash));
        const int i = std::stoi(name.substr(slash + 1));
        EXPECT_EQ((t + i) % 3, 0) << name << " was written by a failed write";
    }
    auto counter = (*store)->read<std::optional<Json>>([&](Tx& tx) { return tx.get(scope, "counter", "n"); });
    ASSERT_TRUE(counter);
    ASSERT_TRUE(counter->has_value());
    EXPECT_EQ((**counter)["n"].get<int>(), kThreads * kEach / 3);
    std::filesystem::remove_all(file.parent_path());
}

} // namespace
} // namespace cdk::localcloud
