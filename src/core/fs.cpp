#include "core/fs.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cdk::fs {

Result<std::string> read_file(const std::filesystem::path& path) {
    // One read of the file's size into a string of that size (a big metadata file or template is read
    // in one system call, without a stream's 8 KiB chunks and copies); files that grow or report no
    // size (pipes, /proc) are read on until end of file.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return make_error("FileNotFound", "cannot open '" + path.string() + "': " + std::strerror(errno));
    struct stat st {};
    std::string out;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        return make_error("FileReadError", "cannot read '" + path.string() + "': it is a directory");
    }
    out.resize(st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 4096);
    const bool regular = S_ISREG(st.st_mode);
    std::size_t used = 0;
    while (true) {
        if (used == out.size()) out.resize(out.size() * 2);
        const std::size_t wanted = out.size() - used;
        const ssize_t n = ::read(fd, out.data() + used, wanted);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            return make_error("FileReadError", "error while reading '" + path.string() + "': " + why);
        }
        if (n == 0) break;
        used += static_cast<std::size_t>(n);
        // A regular file returns less than asked only at its end: no read to see end-of-file.
        if (regular && static_cast<std::size_t>(n) < wanted) break;
    }
    ::close(fd);
    out.resize(used);
    return out;
}

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content) {
    std::error_code ec;
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            return make_error("FileWriteError",
                              "cannot create '" + path.parent_path().string() + "': " + ec.message());
    }
    const std::string tmp = path.string() + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return make_error("FileWriteError", "cannot write '" + tmp + "': " + std::strerror(errno));
    size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return make_error("FileWriteError", "cannot write '" + tmp + "': " + why);
        }
        written += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(tmp.c_str());
        return make_error("FileWriteError", "cannot flush '" + tmp + "'");
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        return make_error("FileWriteError", "cannot rename onto '" + path.string() + "': " + why);
    }
    return ok();
}

Result<std::shared_ptr<const OpenFile>> OpenFile::open(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return make_error("FileNotFound", "cannot open '" + path.string() + "': " + std::strerror(errno));
    return std::shared_ptr<const OpenFile>(new OpenFile(fd, path.string()));
}

OpenFile::~OpenFile() {
    ::close(fd_);
}

long OpenFile::read_at(char* out, std::size_t n, std::uint64_t offset) const {
    while (true) {
        const ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
        if (got < 0 && errno == EINTR) continue;
        return static_cast<long>(got);
    }
}

Result<std::string> OpenFile::read_all() const {
    std::string out;
    char chunk[65536];
    while (true) {
        const long n = read_at(chunk, sizeof chunk, out.size());
        if (n < 0)
            return make_error("FileReadError",
                              "error while reading '" + path_ + "': " + std::strerror(errno));
        if (n == 0) return out;
        out.append(chunk, static_cast<std::size_t>(n));
    }
}

} // namespace cdk::fs
