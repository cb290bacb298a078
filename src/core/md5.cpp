#include "core/md5.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace cdk::hash {
namespace {

constexpr std::array<std::uint32_t, 64> kMd5K{
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
constexpr std::array<int, 16> kMd5R{7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};

/// One MD5 step of round `Round` (0..3), index `I` (0..63): the round function, message word and
/// shift are compile-time constants, so the 64 steps unroll into straight-line code.
template <int I>
inline void md5_step(std::uint32_t& a, std::uint32_t b, std::uint32_t c, std::uint32_t d,
                     const std::uint32_t* w) {
    constexpr int round = I / 16;
    constexpr int g = round == 0   ? I
                      : round == 1 ? (5 * I + 1) % 16
                      : round == 2 ? (3 * I + 5) % 16
                                   : (7 * I) % 16;
    std::uint32_t f = 0;
    if constexpr (round == 0) {
        f = (b & c) | (~b & d);
    } else if constexpr (round == 1) {
        f = (d & b) | (~d & c);
    } else if constexpr (round == 2) {
        f = b ^ c ^ d;
    } else {
        f = c ^ (b | ~d);
    }
    a = b + std::rotl(a + f + kMd5K[I] + w[g], kMd5R[round * 4 + I % 4]);
}

template <int... I>
inline void md5_rounds(std::uint32_t (&v)[4], const std::uint32_t* w,
                       std::integer_sequence<int, I...> /*steps*/) {
    // Step i updates v[(-i) mod 4] from the next three (a, b, c, d rotate right each step).
    ((md5_step<I>(v[(64 - I) % 4], v[(65 - I) % 4], v[(66 - I) % 4], v[(67 - I) % 4], w)), ...);
}

void md5_block(std::uint32_t (&h)[4], const unsigned char* block) {
    std::uint32_t w[16];
    for (std::size_t i = 0; i < 16; ++i) {
        const unsigned char* p = block + i * 4;
        w[i] = static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
               (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
    }
    std::uint32_t v[4] = {h[0], h[1], h[2], h[3]};
    md5_rounds(v, w, std::make_integer_sequence<int, 64>{});
    for (int i = 0; i < 4; ++i) {
        h[i] += v[i];
    }
}

} // namespace

std::array<std::uint32_t, 4> md5_words(std::string_view data) {
    std::uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t done = 0;
    for (; done + 64 <= data.size(); done += 64) {
        md5_block(h, bytes + done);
    }
    // The tail, the 0x80 marker and the bit length, in one or two blocks.
    unsigned char tail[128] = {};
    const std::size_t rest = data.size() - done;
    std::copy(bytes + done, bytes + data.size(), tail);
    tail[rest] = 0x80;
    const std::size_t tail_len = rest < 56 ? 64 : 128;
    const std::uint64_t bit_len = static_cast<std::uint64_t>(data.size()) * 8;
    for (int i = 0; i < 8; ++i) {
        tail[tail_len - 8 + static_cast<std::size_t>(i)] =
            static_cast<unsigned char>((bit_len >> (8 * i)) & 0xff);
    }
    md5_block(h, tail);
    if (tail_len == 128) {
        md5_block(h, tail + 64);
    }
    return {h[0], h[1], h[2], h[3]};
}

std::string md5(std::string_view data) {
    const auto words = md5_words(data);
    std::string out(16, '\0');
    for (std::size_t i = 0; i < 16; ++i) {
        out[i] = static_cast<char>((words[i / 4] >> (8 * (i % 4))) & 0xff);
    }
    return out;
}

} // namespace cdk::hash
