#include "synth/assets/fingerprint.hpp"

#include "core/hash.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <fstream>
#include <memory>

namespace cdk {
namespace {

namespace stdfs = std::filesystem;
constexpr std::size_t kBufferSize = 8 * 1024;

using hash::Sha256;

void hash_field(Sha256& hash, const std::string& header, const std::string& value) {
    hash.update("\x01").update(header).update("\x02").update(value).update("\x03");
}

std::string crlf_to_lf(const std::string& s) {
    return strings::replace_all(s, "\r\n", "\n");
}

bool excluded(const stdfs::path& p, const FingerprintOptions& options) {
    const std::string name = p.filename().string();
    return std::find(options.exclude.begin(), options.exclude.end(), name) != options.exclude.end();
}

bool is_inside(const stdfs::path& root, const stdfs::path& target) {
    const auto rel = target.lexically_relative(root);
    return !rel.empty() && rel.native().rfind("..", 0) != 0;
}

struct Walker {
    Sha256& hash;
    const stdfs::path& root;
    const FingerprintOptions& options;
    std::optional<Error> error;

    std::string key(const stdfs::path& symbolic) const {
        return symbolic.lexically_relative(root).generic_string();
    }

    void file(const stdfs::path& symbolic, const stdfs::path& real) {
        auto content = content_fingerprint(real);
        if (!content) {
            error = content.error();
            return;
        }
        hash_field(hash, "file:" + key(symbolic), *content);
    }

    void walk(const stdfs::path& symbolic, const stdfs::path& real) {
        std::vector<stdfs::directory_entry> entries;
        std::error_code ec;
        for (const auto& e : stdfs::directory_iterator(real, ec)) {
            entries.push_back(e);
        }
        if (ec) {
            error = make_error("FileReadFailed", "cannot list " + real.string() + ": " + ec.message());
            return;
        }
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            return a.path().filename().string() < b.path().filename().string();
        });
        for (const auto& e : entries) {
            if (error) {
                return;
            }
            const stdfs::path child_symbolic = symbolic / e.path().filename();
            const stdfs::path child_real = e.path();
            if (excluded(child_symbolic, options)) {
                continue;
            }
            if (e.is_symlink()) {
                const auto link_target = stdfs::read_symlink(child_real);
                const auto resolved = stdfs::weakly_canonical(child_real.parent_path() / link_target);
                if (is_inside(root, resolved) || !stdfs::exists(resolved)) {
                    const std::string target = link_target.is_absolute() && is_inside(root, resolved)
                                                   ? key(resolved)
                                                   : link_target.string();
                    hash_field(hash, "link:" + key(child_symbolic), target);
                } else if (stdfs::is_directory(resolved)) {
                    walk(child_symbolic, resolved);
                } else {
                    file(child_symbolic, resolved);
                }
            } else if (e.is_directory()) {
                walk(child_symbolic, child_real);
            } else if (e.is_regular_file()) {
                file(child_symbolic, child_real);
            }
        }
    }
};

} // namespace

Result<std::string> content_fingerprint(const stdfs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return make_error("FileNotFound", "cannot open " + file.string());
    }
    Sha256 hash;
    std::size_t size = 0;
    bool binary = false;
    std::string last;
    std::string buffer(kBufferSize, '\0');
    while (true) {
        in.read(buffer.data(), static_cast<std::streamsize>(kBufferSize));
        const auto read = static_cast<std::size_t>(in.gcount());
        if (read == 0) {
            break;
        }
        const std::string chunk = buffer.substr(0, read);
        if (size == 0) {
            binary = chunk.find('\0') != std::string::npos;
        }
        if (binary) {
            size += read;
            hash.update(chunk);
            continue;
        }
        if (chunk.back() == '\r') {
            last += chunk;
            continue;
        }
        const std::string data = crlf_to_lf(last + chunk);
        last.clear();
        size += data.size();
        hash.update(data);
    }
    if (!last.empty()) {
        hash.update(last);
    }
    return std::to_string(size) + ":" + hash.hex();
}

Result<std::string> fingerprint(const stdfs::path& file_or_directory, const FingerprintOptions& options) {
    std::error_code ec;
    const stdfs::path root = stdfs::canonical(file_or_directory, ec);
    if (ec) {
        return make_error("FileNotFound",
                          "cannot fingerprint " + file_or_directory.string() + ": " + ec.message());
    }
    Sha256 hash;
    hash_field(hash, "options.extra", options.extra_hash);
    hash_field(hash, "options.follow", "external");
    if (!stdfs::is_directory(root)) {
        auto content = content_fingerprint(root);
        if (!content) {
            return content.error();
        }
        hash_field(hash, "file:", *content);
        return hash.hex();
    }
    Walker walker{hash, root, options, std::nullopt};
    walker.walk(root, root);
    if (walker.error) {
        return *walker.error;
    }
    return hash.hex();
}

} // namespace cdk
