#include "assembly/detail/json_file.hpp"

#include "core/fs.hpp"
#include "core/json_reader.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cdk::assembly::detail {

Result<nlohmann::ordered_json> read_json_file(const std::filesystem::path& path) {
    auto text = cdk::fs::read_file(path);
    if (!text) return text.error();
    return parse_json_text(*text, path);
}

Result<nlohmann::ordered_json> parse_json_text(std::string_view text, const std::filesystem::path& path) {
    auto json = cdk::json::parse_ordered(text);
    if (!json) {
        return make_error("JsonMalformed", "'" + path.string() + "' is not valid JSON (" +
                                               json.error().message + "); re-run the app to write it again");
    }
    return json;
}

namespace {

int open_for_writing(const std::filesystem::path& path) {
    return ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

} // namespace

Result<void> write_file(const std::filesystem::path& path, std::string_view content) {
    int fd = open_for_writing(path);
    if (fd < 0 && errno == ENOENT && path.has_parent_path()) {
        // Only on the first file of a new directory: creating directories on every write costs a stat per
        // level.
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            return make_error("FileWriteError",
                              "cannot create '" + path.parent_path().string() + "': " + ec.message());
        fd = open_for_writing(path);
    }
    if (fd < 0)
        return make_error("FileWriteError", "cannot write '" + path.string() + "': " + std::strerror(errno));
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            return make_error("FileWriteError", "cannot write '" + path.string() + "': " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        return make_error("FileWriteError", "cannot write '" + path.string() + "': " + std::strerror(errno));
    }
    return ok();
}

} // namespace cdk::assembly::detail
