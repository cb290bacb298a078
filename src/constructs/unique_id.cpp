#include "constructs/unique_id.hpp"

#include "core/strings.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

namespace cdk {
namespace {

constexpr std::size_t kHashLen = 8;
constexpr std::size_t kMaxHumanLen = 240;
constexpr std::size_t kMaxIdLen = 255;

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string keep_chars(const std::string& s, const std::string& allowed_special) {
    std::string out;
    for (const char c : s) {
        if (is_alnum(c) || allowed_special.find(c) != std::string::npos) {
            out += c;
        }
    }
    return out;
}

std::string path_hash(const std::vector<std::string>& components) {
    return strings::to_upper(md5_hex(strings::join(components, "/")).substr(0, kHashLen));
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

std::string md5_hex(const std::string& data) {
    // RFC 1321, written out: one digest per logical id, and OpenSSL's EVP dispatch costs several times
    // the digest of such a short input.
    static constexpr std::array<std::uint32_t, 64> k{
            0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
            0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
            0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
            0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
            0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
            0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
            0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
            0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
    static constexpr std::array<std::uint32_t, 64> r{7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                                     5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                                     4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                                     6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    std::string msg = data;
    const std::uint64_t bit_len = static_cast<std::uint64_t>(data.size()) * 8;
    msg += '\x80';
    while (msg.size() % 64 != 56) {
        msg += '\0';
    }
    for (int i = 0; i < 8; ++i) {
        msg += static_cast<char>((bit_len >> (8 * i)) & 0xff);
    }
    std::uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    for (std::size_t block = 0; block < msg.size(); block += 64) {
        std::uint32_t w[16];
        for (std::size_t i = 0; i < 16; ++i) {
            const auto* p = reinterpret_cast<const unsigned char*>(msg.data() + block + i * 4);
            w[i] = static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
                   (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
        }
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
        for (std::size_t i = 0; i < 64; ++i) {
            std::uint32_t f = 0;
            std::size_t g = 0;
            if (i < 16) {
                f = (b & c) | (~b & d);
                g = i;
            } else if (i < 32) {
                f = (d & b) | (~d & c);
                g = (5 * i + 1) % 16;
            } else if (i < 48) {
                f = b ^ c ^ d;
                g = (3 * i + 5) % 16;
            } else {
                f = c ^ (b | ~d);
                g = (7 * i) % 16;
            }
            const std::uint32_t next = b + std::rotl(a + f + k[i] + w[g], static_cast<int>(r[i]));
            a = d;
            d = c;
            c = b;
            b = next;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(32);
    for (const std::uint32_t word : h) {
        for (int i = 0; i < 4; ++i) {
            const auto byte = static_cast<unsigned>((word >> (8 * i)) & 0xff);
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    }
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
