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

std::uint32_t get16(const std::string& s, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8);
}
std::uint32_t get32(const std::string& s, std::size_t at) {
    return get16(s, at) | (get16(s, at + 2) << 16);
}

/// One central directory entry.
struct CentralEntry {
    std::string name;
    std::uint32_t method = 0;
    std::uint32_t crc = 0;
    std::uint32_t packed_size = 0;
    std::uint32_t size = 0;
    std::uint32_t local_offset = 0;
};

std::string normalise_name(std::string name) {
    while (name.rfind("./", 0) == 0)
        name.erase(0, 2);
    while (!name.empty() && name.front() == '/')
        name.erase(0, 1);
    return name;
}

Error corrupt(const std::string& what) {
    return make_error("ZipCorrupt", "the zip archive is damaged: " + what);
}

Result<std::vector<CentralEntry>> central_directory(const std::string& z) {
    if (z.size() < 22) return corrupt("shorter than an end-of-central-directory record");
    // The end record sits in the last 22 + 65535 (comment) bytes.
    std::size_t end = std::string::npos;
    const std::size_t lowest = z.size() > 22 + 65535 ? z.size() - 22 - 65535 : 0;
    for (std::size_t at = z.size() - 22;; --at) {
        if (get32(z, at) == 0x06054b50) {
            end = at;
            break;
        }
        if (at == lowest) break;
    }
    if (end == std::string::npos) return corrupt("no end-of-central-directory record");
    const std::uint32_t count = get16(z, end + 10);
    std::size_t at = get32(z, end + 16);
    std::vector<CentralEntry> entries;
    for (std::uint32_t i = 0; i < count; ++i) {
        if (at + 46 > z.size() || get32(z, at) != 0x02014b50)
            return corrupt("central directory entry out of place");
        CentralEntry e;
        e.method = get16(z, at + 10);
        e.crc = get32(z, at + 16);
        e.packed_size = get32(z, at + 20);
        e.size = get32(z, at + 24);
        const std::uint32_t name_size = get16(z, at + 28);
        const std::uint32_t extra = get16(z, at + 30);
        const std::uint32_t comment = get16(z, at + 32);
        e.local_offset = get32(z, at + 42);
        if (at + 46 + name_size > z.size()) return corrupt("entry name past the end");
        e.name = z.substr(at + 46, name_size);
        entries.push_back(std::move(e));
        at += 46 + name_size + extra + comment;
    }
    return entries;
}

Result<std::string> inflate_raw(const std::string& packed, std::size_t size) {
    std::string out(size, '\0');
    z_stream s{};
    if (inflateInit2(&s, -MAX_WBITS) != Z_OK) return make_error("ZipFailed", "cannot initialise zlib");
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
    s.avail_in = static_cast<uInt>(packed.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&s, Z_FINISH);
    const auto produced = s.total_out;
    inflateEnd(&s);
    if (rc != Z_STREAM_END || produced != size)
        return corrupt("a deflated entry does not inflate to its size");
    return out;
}

} // namespace

Result<std::vector<std::string>> zip_entries(const std::string& archive) {
    auto entries = central_directory(archive);
    if (!entries) return entries.error();
    std::vector<std::string> names;
    for (const auto& e : *entries) {
        if (!e.name.empty() && e.name.back() != '/') names.push_back(e.name);
    }
    return names;
}

Result<std::optional<std::string>> read_zip_entry(const std::string& archive, const std::string& name) {
    auto entries = central_directory(archive);
    if (!entries) return entries.error();
    const std::string wanted = normalise_name(name);
    for (const auto& e : *entries) {
        if (normalise_name(e.name) != wanted) continue;
        const std::size_t at = e.local_offset;
        if (at + 30 > archive.size() || get32(archive, at) != 0x04034b50)
            return corrupt("local header of " + e.name);
        const std::size_t data = at + 30 + get16(archive, at + 26) + get16(archive, at + 28);
        if (data + e.packed_size > archive.size()) return corrupt("data of " + e.name + " past the end");
        const std::string packed = archive.substr(data, e.packed_size);
        std::string content;
        if (e.method == 0) {
            content = packed;
        } else if (e.method == 8) {
            auto inflated = inflate_raw(packed, e.size);
            if (!inflated) return inflated.error();
            content = std::move(*inflated);
        } else {
            return make_error("ZipUnsupported", "zip entry " + e.name + " uses compression method " +
                                                    std::to_string(e.method) +
                                                    " (only stored and deflate are read)");
        }
        const auto crc = static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size())));
        if (crc != e.crc) return corrupt("CRC of " + e.name + " does not match");
        return std::optional<std::string>(std::move(content));
    }
    return std::optional<std::string>();
}

Result<std::string> zip_directory(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file()) files.push_back(it->path());
    }
    if (ec) return make_error("ZipFailed", "cannot list " + dir.string() + ": " + ec.message());
    std::vector<std::pair<std::string, std::filesystem::path>> entries;
    for (const auto& f : files)
        entries.emplace_back(std::filesystem::relative(f, dir).generic_string(), f);
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
