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
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir / "a"))
        ++entries;
    EXPECT_EQ(entries, 1u);
    std::filesystem::remove_all(dir);
}

TEST(FsTest, FailsToReadMissingFile) {
    auto content = read_file("/nonexistent/cdkpp");
    ASSERT_FALSE(content);
    EXPECT_EQ(content.error().code, "FileNotFound");
}

TEST(FsTest, ReadsWholeFilesOfAnySize) {
    const auto dir = std::filesystem::temp_directory_path() / "cdkpp_fs_read_test";
    std::filesystem::remove_all(dir);
    for (const std::size_t size : {0UL, 1UL, 4095UL, 4096UL, 4097UL, 1UL << 20}) {
        std::string data(size, '\0');
        for (std::size_t i = 0; i < size; ++i)
            data[i] = static_cast<char>('a' + (i * 7) % 26);
        ASSERT_TRUE(write_file_atomic(dir / "f", data));
        auto content = read_file(dir / "f");
        ASSERT_TRUE(content) << size;
        EXPECT_EQ(*content, data) << size;
    }
    // A file without a size (procfs) is read to its end.
    auto self = read_file("/proc/self/status");
    ASSERT_TRUE(self);
    EXPECT_NE(self->find("Name:"), std::string::npos);
    // A directory is not a file.
    auto directory = read_file(dir);
    ASSERT_FALSE(directory);
    EXPECT_EQ(directory.error().code, "FileReadError");
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace cdk::fs
