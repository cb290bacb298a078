#include "localcloud/state/directory_sync.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace cdk::localcloud {
namespace {

std::filesystem::path temp_dir() {
    auto dir = std::filesystem::temp_directory_path() /
               ("lc-dirsync-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
    std::filesystem::create_directories(dir);
    return dir;
}

// A call never counts on an fsync that began before it: one after another, every call runs its own.
TEST(DirectorySyncTest, EachCallAloneRunsAnFsyncOfItsOwn) {
    const auto dir = temp_dir();
    DirectorySync sync(dir);
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(sync.sync());
    EXPECT_EQ(sync.fsyncs(), 5u);
    std::filesystem::remove_all(dir);
}

// Concurrent callers (each having just created a file in the directory) share fsyncs, and all return success.
TEST(DirectorySyncTest, ConcurrentCallsShareFsyncs) {
    const auto dir = temp_dir();
    DirectorySync& sync = DirectorySync::of(dir);
    EXPECT_EQ(&sync, &DirectorySync::of(dir));
    constexpr int kThreads = 32;
    constexpr int kEach = 20;
    std::atomic<int> ready{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            ready.fetch_add(1);
            while (ready.load() < kThreads)
                std::this_thread::yield();
            for (int i = 0; i < kEach; ++i) {
                const auto file = dir / (std::to_string(t) + "-" + std::to_string(i));
                if (std::FILE* f = std::fopen(file.c_str(), "wb")) std::fclose(f);
                if (!sync.sync()) failures.fetch_add(1);
            }
        });
    }
    for (auto& th : threads)
        th.join();
    EXPECT_EQ(failures.load(), 0);
    const auto calls = static_cast<std::uint64_t>(kThreads * kEach);
    EXPECT_GE(sync.fsyncs(), 1u);
    EXPECT_LT(sync.fsyncs(), calls / 2) << "concurrent calls did not share their fsyncs";
    std::filesystem::remove_all(dir);
}

// A failed fsync (here: the directory is gone) is every covered caller's error, and a later round starts
// afresh.
TEST(DirectorySyncTest, AFailureIsTheCallersErrorAndTheNextRoundStartsAfresh) {
    const auto dir = temp_dir() / "objects";
    DirectorySync sync(dir);
    auto missing = sync.sync();
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("objects"), std::string::npos) << missing.error().to_string();
    std::filesystem::create_directories(dir);
    EXPECT_TRUE(sync.sync());
    std::filesystem::remove_all(dir.parent_path());
}

} // namespace
} // namespace cdk::localcloud
