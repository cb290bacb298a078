#include "toolkit/deploy/zip.hpp"

#include "core/fs.hpp"

#include <zlib.h>

#include <algorithm>
#include <vector>

namespace cdk::toolkit::deploy {
namespace {

constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
constexpr std::uint16_t kDosTime = 0;

void put16(std::string& out, std::uint32_t v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}

Result<std::string> deflate_raw(const std::string& data) {
    z_stream s{};
    if (deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return make_error("ZipFailed", "cannot initialise zlib");
    }
    std::string out(deflateBound(&s, static_cast<uLong>(data.size())), '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<uInt>(data.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&s, Z_FINISH);
    out.resize(s.total_out);
    deflateEnd(&s);
    if (rc != Z_STREAM_END) return make_error("ZipFailed", "zlib could not compress a file");
    return out;
}

} // namespace

Result<std::string> zip_directory(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file()) files.push_back(it->path());
    }
    if (ec) return make_error("ZipFailed", "cannot list " + dir.string() + ": " + ec.message());
    std::vector<std::pair<std::string, std::filesystem::path>> entries;
    for (const auto& f : files) entries.emplace_back(std::filesystem::relative(f, dir).generic_string(), f);
    std::sort(entries.begin(), entries.end());

    std::string out;
    std::string central;
    for (const auto& [name, path] : entries) {
        auto data = fs::read_file(path);
        if (!data) return data.error();
        auto packed = deflate_raw(*data);
        if (!packed) return packed.error();
        const auto crc = static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(data->data()), static_cast<uInt>(data->size())));
        const auto offset = static_cast<std::uint32_t>(out.size());
        const auto size = static_cast<std::uint32_t>(data->size());
        const auto packed_size = static_cast<std::uint32_t>(packed->size());
        const auto name_size = static_cast<std::uint32_t>(name.size());
        put32(out, 0x04034b50);
        put16(out, 20);
        put16(out, 0x0800); // UTF-8 names
        put16(out, 8);
        put16(out, kDosTime);
        put16(out, kDosDate);
        put32(out, crc);
        put32(out, packed_size);
        put32(out, size);
        put16(out, name_size);
        put16(out, 0);
        out += name;
        out += *packed;

        put32(central, 0x02014b50);
        put16(central, (3 << 8) | 20); // made by Unix
        put16(central, 20);
        put16(central, 0x0800);
        put16(central, 8);
        put16(central, kDosTime);
        put16(central, kDosDate);
        put32(central, crc);
        put32(central, packed_size);
        put32(central, size);
        put16(central, name_size);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put32(central, 0100644u << 16); // rw-r--r--
        put32(central, offset);
        central += name;
    }
    const auto central_offset = static_cast<std::uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<std::uint32_t>(entries.size()));
    put16(out, static_cast<std::uint32_t>(entries.size()));
    put32(out, static_cast<std::uint32_t>(central.size()));
    put32(out, central_offset);
    put16(out, 0);
    return out;
}

} // namespace cdk::toolkit::deploy
