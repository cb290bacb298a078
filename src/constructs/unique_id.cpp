#include "constructs/unique_id.hpp"

#include "core/md5.hpp"
#include "core/strings.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <string_view>
#include <utility>

namespace cdk {
namespace {

constexpr std::size_t kHashLen = 8;
constexpr std::size_t kMaxHumanLen = 240;
constexpr std::size_t kMaxIdLen = 255;

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string keep_chars(const std::string& s, const std::string& allowed_special) {
    std::string out;
    for (const char c : s) {
        if (is_alnum(c) || allowed_special.find(c) != std::string::npos) {
            out += c;
        }
    }
    return out;
}

void append_hex(std::string& out, const std::array<std::uint32_t, 4>& words, std::size_t bytes,
                const char* digits);

/// The first 8 hex digits, upper case, of the MD5 of the components joined by `/`.
std::string path_hash(const std::vector<std::string>& components) {
    std::string out;
    out.reserve(kHashLen);
    append_hex(out, hash::md5_words(strings::join(components, "/")), kHashLen / 2, "0123456789ABCDEF");
    return out;
}

std::vector<std::string> remove_dupes(const std::vector<std::string>& path) {
    std::vector<std::string> out;
    for (const auto& c : path) {
        if (out.empty() || !strings::ends_with(out.back(), c)) {
            out.push_back(c);
        }
    }
    return out;
}

void drop_default(std::vector<std::string>& components) {
    components.erase(std::remove(components.begin(), components.end(), "Default"), components.end());
}

} // namespace

namespace {

/// The first `bytes` digest bytes of `words` as hex digits from `digits` (lower or upper case).
void append_hex(std::string& out, const std::array<std::uint32_t, 4>& words, std::size_t bytes,
                const char* digits) {
    for (std::size_t i = 0; i < bytes; ++i) {
        const auto byte = static_cast<unsigned>((words[i / 4] >> (8 * (i % 4))) & 0xff);
        out += digits[byte >> 4];
        out += digits[byte & 0xf];
    }
}

} // namespace

std::string md5_hex(const std::string& data) {
    std::string out;
    out.reserve(32);
    append_hex(out, hash::md5_words(data), 16, "0123456789abcdef");
    return out;
}

std::string make_unique_id(std::vector<std::string> components) {
    drop_default(components);
    if (components.empty()) {
        throw ValidationError("unable to calculate a unique id for an empty set of components");
    }
    for (const auto& c : components) {
        if (Token::is_unresolved(c)) {
            throw ValidationError("id components may not include unresolved tokens", {}, c);
        }
    }
    if (components.size() == 1) {
        std::string candidate = keep_chars(components[0], "");
        if (candidate.size() <= kMaxIdLen) {
            return candidate;
        }
    }
    const std::string hash = path_hash(components);
    std::string human;
    for (const auto& c : remove_dupes(components)) {
        if (c != "Resource") {
            human += keep_chars(c, "");
        }
    }
    return human.substr(0, kMaxHumanLen) + hash;
}

std::string make_unique_resource_name(std::vector<std::string> components, std::size_t max_length,
                                      const std::string& prefix, const std::string& allowed_special) {
    drop_default(components);
    if (components.empty()) {
        throw ValidationError("unable to calculate a unique resource name for an empty set of components");
    }
    if (components.size() == 1) {
        std::string top = prefix + keep_chars(components[0], allowed_special);
        if (top.size() <= max_length) {
            return top;
        }
    }
    const std::string hash = path_hash(components);
    std::string human = prefix;
    for (const auto& c : remove_dupes(components)) {
        if (c == "Resource") {
            continue;
        }
        human += keep_chars(c, allowed_special);
    }
    const std::size_t max_human = max_length - kHashLen;
    if (human.size() > max_human) {
        const std::size_t half = max_human / 2;
        human = human.substr(0, half) + human.substr(human.size() - half);
    }
    return human + hash;
}

} // namespace cdk
