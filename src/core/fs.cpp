#include "core/fs.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace cdk::fs {

Result<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("FileNotFound", "cannot open '" + path.string() + "': " + std::strerror(errno));
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) return make_error("FileReadError", "error while reading '" + path.string() + "'");
    return out.str();
}

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content) {
    std::error_code ec;
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) return make_error("FileWriteError", "cannot create '" + path.parent_path().string() + "': " + ec.message());
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

} // namespace cdk::fs
