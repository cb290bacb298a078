#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace cdk::fs {

/// Reads a whole file.
[[nodiscard]] Result<std::string> read_file(const std::filesystem::path& path);
/// Writes a file atomically: a temporary sibling is written, flushed and renamed over the target,
/// so readers see the old content or the new, never half of it. Parent directories are created.
[[nodiscard]] Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content);

/// A file open for reading, closed when its last owner lets it go. Reads see the file that was opened: one
/// renamed over or removed meanwhile (an S3 PUT replacing the object a GET is streaming) is still read whole.
class OpenFile {
public:
    [[nodiscard]] static Result<std::shared_ptr<const OpenFile>> open(const std::filesystem::path& path);
    ~OpenFile();
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;

    /// Reads up to `n` bytes at `offset`: the count read, 0 at end of file, -1 on error.
    [[nodiscard]] long read_at(char* out, std::size_t n, std::uint64_t offset) const;
    /// The whole file.
    [[nodiscard]] Result<std::string> read_all() const;

private:
    OpenFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    int fd_;
    std::string path_;
};

} // namespace cdk::fs
