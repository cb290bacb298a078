#pragma once

#include "core/result.hpp"

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace cdk::localcloud {

/// Makes a directory's entries durable (fsync of the directory) after a file was created or renamed into it,
/// with the fsyncs of concurrent callers shared: a caller waits for an fsync of the directory that began
/// after its call, and the first caller to find none running starts it for everyone waiting (the directory's
/// group commit). A call returns only after such an fsync ended, so "acknowledged only after its fsync" holds
/// for each caller.
class DirectorySync {
public:
    /// The one syncer of `dir` in this process (keyed by the path as given).
    [[nodiscard]] static DirectorySync& of(const std::filesystem::path& dir);

    explicit DirectorySync(std::filesystem::path dir) : dir_(std::move(dir)) {}

    /// Returns once an fsync of the directory that began after this call has ended; its error if it failed.
    [[nodiscard]] Result<void> sync();

    /// fsyncs run so far (for tests and the load benchmark's notes).
    [[nodiscard]] std::uint64_t fsyncs() const;

private:
    /// One fsync and the calls it covers (every call that joined it before it began).
    struct Round {
        bool done = false;
        std::optional<Error> error;
    };

    std::filesystem::path dir_;
    mutable std::mutex mutex_;
    std::condition_variable ended_;
    bool syncing_ = false;
    std::shared_ptr<Round> next_; ///< the round not yet begun that new calls join
    std::uint64_t fsyncs_ = 0;
};

} // namespace cdk::localcloud
