#include "assembly/detail/json_file.hpp"

#include "core/fs.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cdk::assembly::detail {

Result<nlohmann::ordered_json> read_json_file(const std::filesystem::path& path) {
    auto text = cdk::fs::read_file(path);
    if (!text) return text.error();
    auto json = nlohmann::ordered_json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
        // Parse again with a callback-free SAX pass to find where it broke.
        struct Locator : nlohmann::json_sax<nlohmann::ordered_json> {
            std::size_t position = 0;
            std::string what;
            bool null() override { return true; }
            bool boolean(bool) override { return true; }
            bool number_integer(number_integer_t) override { return true; }
            bool number_unsigned(number_unsigned_t) override { return true; }
            bool number_float(number_float_t, const string_t&) override { return true; }
            bool string(string_t&) override { return true; }
            bool binary(binary_t&) override { return true; }
            bool start_object(std::size_t) override { return true; }
            bool key(string_t&) override { return true; }
            bool end_object() override { return true; }
            bool start_array(std::size_t) override { return true; }
            bool end_array() override { return true; }
            bool parse_error(std::size_t pos, const std::string&,
                             const nlohmann::detail::exception& ex) override {
                position = pos;
                what = ex.what();
                return false;
            }
        } locator;
        nlohmann::ordered_json::sax_parse(*text, &locator, nlohmann::ordered_json::input_format_t::json,
                                          false);
        return make_error("JsonMalformed", "'" + path.string() + "' is not valid JSON (at byte " +
                                               std::to_string(locator.position) + ": " + locator.what +
                                               "); re-run the app to write it again");
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
