#include "localcloud/state/directory_sync.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cdk::localcloud {

namespace {

Result<void> fsync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return make_error("InternalError",
                          "cannot open directory " + dir.string() + ": " + std::strerror(errno), 500);
    }
    const bool synced = ::fsync(fd) == 0;
    const int why = errno;
    ::close(fd);
    if (!synced)
        return make_error("InternalError",
                          "cannot fsync directory " + dir.string() + ": " + std::strerror(why), 500);
    return ok();
}

} // namespace

DirectorySync& DirectorySync::of(const std::filesystem::path& dir) {
    // Never released: a handful of directories per process (one objects directory per data directory).
    static std::mutex mutex;
    static std::map<std::filesystem::path, std::unique_ptr<DirectorySync>> syncers;
    std::lock_guard lock(mutex);
    auto& s = syncers[dir];
    if (!s) s = std::make_unique<DirectorySync>(dir);
    return *s;
}

Result<void> DirectorySync::sync() {
    std::unique_lock lock(mutex_);
    // A call joins the round not yet begun: its fsync begins after this call, so it covers what the caller
    // did to the directory before calling.
    if (!next_) next_ = std::make_shared<Round>();
    const std::shared_ptr<Round> mine = next_;
    while (!mine->done) {
        if (syncing_) {
            ended_.wait(lock);
            continue;
        }
        // No fsync running and ours not done: ours is the round not yet begun; this thread runs it for all of
        // it.
        syncing_ = true;
        next_.reset();
        lock.unlock();
        Result<void> r = fsync_directory(dir_);
        lock.lock();
        syncing_ = false;
        ++fsyncs_;
        mine->done = true;
        if (!r) mine->error = r.error();
        ended_.notify_all();
    }
    if (mine->error) return *mine->error;
    return ok();
}

std::uint64_t DirectorySync::fsyncs() const {
    std::lock_guard lock(mutex_);
    return fsyncs_;
}

} // namespace cdk::localcloud
