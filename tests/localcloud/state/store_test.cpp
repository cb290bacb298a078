#include "localcloud/state/store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <vector>

namespace cdk::localcloud {
namespace {

std::filesystem::path temp_db() {
    auto dir = std::filesystem::temp_directory_path() /
               ("lc-store-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
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
                    const int mode = (t + i) % 3; // 0: succeeds, 1: fails, 2: throws
                    try {
                        auto r = (*store)->write<int>([&](Tx& tx) -> Result<int> {
                            auto c = tx.get(scope, "counter", "n");
                            if (!c) return c.error();
                            const int n = c->has_value() ? (**c)["n"].get<int>() : 0;
                            if (auto p = tx.put(scope, "counter", "n", Json{{"n", n + 1}}); !p)
                                return p.error();
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
        for (auto& th : threads)
            th.join();
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

// A read runs on a read connection: it does not wait for a write in progress (before, reads queued behind
// every commit's fsync on the one connection), and it sees only what has committed.
TEST(StoreTest, ReadsDoNotWaitForAWriteInProgressAndSeeOnlyCommittedState) {
    const auto file = temp_db();
    const Scope scope{"1", ""};
    auto store = Store::open(file);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto p = tx.put(scope, "thing", "x", Json{{"v", 1}}); !p) return p.error();
        return true;
    }));
    std::promise<void> written;
    std::promise<void> release;
    auto released = release.get_future().share();
    auto writer = std::async(std::launch::async, [&] {
        return (*store)->write<bool>([&](Tx& tx) -> Result<bool> {
            if (auto p = tx.put(scope, "thing", "x", Json{{"v", 2}}); !p) return p.error();
            written.set_value();
            released.wait(); // the write stays open, its change not committed
            return true;
        });
    });
    written.get_future().wait();
    auto reader = std::async(std::launch::async, [&] {
        return (*store)->read<int>([&](Tx& tx) -> Result<int> {
            auto got = tx.get(scope, "thing", "x");
            if (!got) return got.error();
            return (**got)["v"].get<int>();
        });
    });
    const bool answered = reader.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    release.set_value();
    EXPECT_TRUE(answered) << "the read waited for the write";
    auto seen = reader.get();
    ASSERT_TRUE(seen) << seen.error().to_string();
    EXPECT_EQ(*seen, 1) << "the read saw a write that had not committed";
    ASSERT_TRUE(writer.get());
    auto after = (*store)->read<int>([&](Tx& tx) -> Result<int> {
        auto got = tx.get(scope, "thing", "x");
        if (!got) return got.error();
        return (**got)["v"].get<int>();
    });
    ASSERT_TRUE(after);
    EXPECT_EQ(*after, 2) << "a read after the write returned must see it";
    std::filesystem::remove_all(file.parent_path());
}

// A write inside a write callback would wait for the commit it is part of (a hang of the whole server under
// group commit), a read inside one would need a second connection mid-transaction: both are refused with an
// exception, which reaches the outer caller, and the store stays usable.
TEST(StoreTest, ReadOrWriteInsideACallbackThrowsInsteadOfHanging) {
    const auto file = temp_db();
    const Scope scope{"1", ""};
    auto store = Store::open(file);
    ASSERT_TRUE(store);
    Store& s = **store;
    auto nested = std::async(std::launch::async, [&] {
        int thrown = 0;
        try {
            (void)s.write<bool>([&](Tx&) -> Result<bool> {
                return s.write<bool>([&](Tx&) -> Result<bool> { return true; });
            });
        } catch (const std::logic_error&) {
            ++thrown;
        }
        try {
            (void)s.write<bool>(
                [&](Tx&) -> Result<bool> { return s.read<bool>([&](Tx&) -> Result<bool> { return true; }); });
        } catch (const std::logic_error&) {
            ++thrown;
        }
        try {
            (void)s.read<bool>([&](Tx&) -> Result<bool> {
                return s.write<bool>([&](Tx&) -> Result<bool> { return true; });
            });
        } catch (const std::logic_error&) {
            ++thrown;
        }
        return thrown;
    });
    ASSERT_EQ(nested.wait_for(std::chrono::seconds(10)), std::future_status::ready) << "a nested call hung";
    EXPECT_EQ(nested.get(), 3);
    auto after = s.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto p = tx.put(scope, "thing", "y", Json::object()); !p) return p.error();
        return true;
    });
    ASSERT_TRUE(after) << after.error().to_string();
    std::filesystem::remove_all(file.parent_path());
}

// Many readers at once (more than the pool holds) while writers write: every read answers, none fails busy.
TEST(StoreTest, ManyConcurrentReadersShareThePoolWhileWritersCommit) {
    const auto file = temp_db();
    const Scope scope{"1", ""};
    auto store = Store::open(file);
    ASSERT_TRUE(store);
    Store& s = **store;
    std::atomic<int> read_errors{0};
    std::atomic<int> reads{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 24; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 20; ++i) {
                if (t % 3 == 0) {
                    (void)s.write<bool>([&](Tx& tx) -> Result<bool> {
                        if (auto p = tx.put(scope, "thing", std::to_string(t) + "/" + std::to_string(i),
                                            Json::object());
                            !p) {
                            return p.error();
                        }
                        return true;
                    });
                } else {
                    auto r = s.read<std::size_t>([&](Tx& tx) -> Result<std::size_t> {
                        auto l = tx.list(scope, "thing");
                        if (!l) return l.error();
                        return l->size();
                    });
                    if (!r) ++read_errors;
                    ++reads;
                }
            }
        });
    }
    for (auto& th : threads)
        th.join();
    EXPECT_EQ(read_errors.load(), 0);
    EXPECT_EQ(reads.load(), 16 * 20);
    EXPECT_LT(s.commits(), 8U * 20U + 2U) << "commits are counted per group, at most one per write";
    std::filesystem::remove_all(file.parent_path());
}

// A write returns only after the reads that began before its commit have ended (what the writer does next,
// such as deleting the S3 object file it replaced, is never seen by a read of the old state: the GET that
// raced a PUT found the file gone once reads stopped waiting for writes).
TEST(StoreTest, AWriteReturnsOnlyAfterTheReadsThatBeganBeforeItsCommit) {
    const auto file = temp_db();
    const Scope scope{"1", ""};
    auto store = Store::open(file);
    ASSERT_TRUE(store);
    Store& s = **store;
    std::promise<void> reading;
    std::promise<void> release;
    auto released = release.get_future().share();
    auto reader = std::async(std::launch::async, [&] {
        return s.read<bool>([&](Tx& tx) -> Result<bool> {
            auto got = tx.get(scope, "thing", "x");
            if (!got) return got.error();
            reading.set_value();
            released.wait();
            return got->has_value();
        });
    });
    reading.get_future().wait();
    auto writer = std::async(std::launch::async, [&] {
        return s.write<bool>([&](Tx& tx) -> Result<bool> {
            if (auto p = tx.put(scope, "thing", "x", Json::object()); !p) return p.error();
            return true;
        });
    });
    const bool returned_early = writer.wait_for(std::chrono::milliseconds(300)) == std::future_status::ready;
    release.set_value();
    EXPECT_FALSE(returned_early) << "the write returned while a read of the state before it was open";
    auto seen = reader.get();
    ASSERT_TRUE(seen);
    EXPECT_FALSE(*seen) << "the read began before the write: it must not see it";
    ASSERT_TRUE(writer.get());
    // A read that begins after the write returned sees it, and a later write does not wait for ended reads.
    auto after = s.read<bool>([&](Tx& tx) -> Result<bool> {
        auto got = tx.get(scope, "thing", "x");
        if (!got) return got.error();
        return got->has_value();
    });
    ASSERT_TRUE(after);
    EXPECT_TRUE(*after);
    ASSERT_TRUE(s.write<bool>([&](Tx& tx) -> Result<bool> { return tx.erase(scope, "thing", "x"); }));
    std::filesystem::remove_all(file.parent_path());
}

} // namespace
} // namespace cdk::localcloud
