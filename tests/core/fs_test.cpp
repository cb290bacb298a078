#include "core/fs.hpp"

#include <gtest/gtest.h>

namespace cdk::fs {
namespace {

TEST(FsTest, WritesAtomicallyAndCreatesParents) {
    const auto dir = std::filesystem::temp_directory_path() / "cdkpp_fs_test";
    std::filesystem::remove_all(dir);
    const auto path = dir / "a" / "b.txt";
    ASSERT_TRUE(write_file_atomic(path, "one"));
    ASSERT_TRUE(write_file_atomic(path, "two"));
    auto content = read_file(path);
    ASSERT_TRUE(content);
    EXPECT_EQ(*content, "two");
    // No temporary files left behind.
    size_t entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir / "a")) ++entries;
    EXPECT_EQ(entries, 1u);
    std::filesystem::remove_all(dir);
}

TEST(FsTest, FailsToReadMissingFile) {
    auto content = read_file("/nonexistent/cdkpp");
    ASSERT_FALSE(content);
    EXPECT_EQ(content.error().code, "FileNotFound");
}

} // namespace
} // namespace cdk::fs
