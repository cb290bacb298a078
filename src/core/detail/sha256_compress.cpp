#include "core/detail/sha256_compress.hpp"

#include <atomic>

#if defined(__x86_64__) || defined(__i386__)
#define CDK_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace cdk::hash::detail {
namespace {

constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

constexpr std::uint32_t rotr(std::uint32_t x, unsigned n) {
    return (x >> n) | (x << (32U - n));
}

std::uint32_t load_be32(const unsigned char* p) {
    return (static_cast<std::uint32_t>(p[0]) << 24U) | (static_cast<std::uint32_t>(p[1]) << 16U) |
           (static_cast<std::uint32_t>(p[2]) << 8U) | static_cast<std::uint32_t>(p[3]);
}

/// One round of FIPS 180-4, section 6.2.2, with the working variables renamed instead of shifted:
/// the caller rotates the arguments, so only d and h change.
inline void round(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t& d, std::uint32_t e,
                  std::uint32_t f, std::uint32_t g, std::uint32_t& h, std::uint32_t k_plus_w) {
    const std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (g ^ (e & (f ^ g))) + k_plus_w;
    d += t1;
    h = t1 + (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b)));
}

/// FIPS 180-4, section 6.2.2: the message schedule expanded first, then 64 rounds eight at a time.
void compress_portable(std::uint32_t state[8], const unsigned char* data, std::size_t blocks) {
    for (; blocks > 0; --blocks, data += 64) {
        std::uint32_t w[64];
        for (unsigned i = 0; i < 16; ++i)
            w[i] = load_be32(data + 4 * i);
        for (unsigned i = 16; i < 64; ++i) {
            const std::uint32_t w15 = w[i - 15];
            const std::uint32_t w2 = w[i - 2];
            w[i] = w[i - 16] + (rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3U)) + w[i - 7] +
                   (rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10U));
        }
        std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (unsigned i = 0; i < 64; i += 8) {
            round(a, b, c, d, e, f, g, h, kRound[i] + w[i]);
            round(h, a, b, c, d, e, f, g, kRound[i + 1] + w[i + 1]);
            round(g, h, a, b, c, d, e, f, kRound[i + 2] + w[i + 2]);
            round(f, g, h, a, b, c, d, e, kRound[i + 3] + w[i + 3]);
            round(e, f, g, h, a, b, c, d, kRound[i + 4] + w[i + 4]);
            round(d, e, f, g, h, a, b, c, kRound[i + 5] + w[i + 5]);
            round(c, d, e, f, g, h, a, b, kRound[i + 6] + w[i + 6]);
            round(b, c, d, e, f, g, h, a, kRound[i + 7] + w[i + 7]);
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#ifdef CDK_SHA256_X86

/// The Intel SHA extensions: sha256rnds2 does two rounds on the state held as ABEF/CDGH, sha256msg1 and
/// sha256msg2 extend the message schedule four words at a time.
__attribute__((target("sha,sse4.1"))) void compress_shani(std::uint32_t state[8], const unsigned char* data,
                                                          std::size_t blocks) {
    // Big-endian words: reverse the bytes of each 32-bit lane.
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));        // D C B A
    __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4)); // H G F E
    tmp = _mm_shuffle_epi32(tmp, 0xB1);                                            // C D A B
    state1 = _mm_shuffle_epi32(state1, 0x1B);                                      // E F G H
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);                              // A B E F
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);                                   // C D G H

    for (; blocks > 0; --blocks, data += 64) {
        const __m128i abef = state0;
        const __m128i cdgh = state1;
        __m128i msg[4];
#pragma GCC unroll 16
        for (unsigned g = 0; g < 16; ++g) {
            if (g < 4) {
                msg[g] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * g)),
                                          byte_swap);
            } else {
                // W[t] = W[t-16] + s0(W[t-15]) + W[t-7] + s1(W[t-2]), four words at a time.
                const __m128i w7 = _mm_alignr_epi8(msg[(g + 3) & 3U], msg[(g + 2) & 3U], 4);
                msg[g & 3U] = _mm_sha256msg2_epu32(
                    _mm_add_epi32(_mm_sha256msg1_epu32(msg[g & 3U], msg[(g + 1) & 3U]), w7),
                    msg[(g + 3) & 3U]);
            }
            __m128i wk =
                _mm_add_epi32(msg[g & 3U], _mm_loadu_si128(reinterpret_cast<const __m128i*>(kRound + 4 * g)));
            state1 = _mm_sha256rnds2_epu32(state1, state0, wk);
            wk = _mm_shuffle_epi32(wk, 0x0E);
            state0 = _mm_sha256rnds2_epu32(state0, state1, wk);
        }
        state0 = _mm_add_epi32(state0, abef);
        state1 = _mm_add_epi32(state1, cdgh);
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B);       // F E B A
    state1 = _mm_shuffle_epi32(state1, 0xB1);    // D C H G
    state0 = _mm_blend_epi16(tmp, state1, 0xF0); // D C B A
    state1 = _mm_alignr_epi8(state1, tmp, 8);    // H G F E
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state), state0);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), state1);
}

bool detect_hardware() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return false;
    const bool ssse3 = (ecx & (1U << 9U)) != 0;
    const bool sse41 = (ecx & (1U << 19U)) != 0;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
    const bool sha = (ebx & (1U << 29U)) != 0;
    return ssse3 && sse41 && sha;
}

#else

bool detect_hardware() {
    return false;
}

#endif

std::atomic<bool> g_hardware_allowed{true};

} // namespace

bool sha256_hardware_available() {
    static const bool available = detect_hardware();
    return available;
}

void set_sha256_hardware_allowed(bool allowed) {
    g_hardware_allowed.store(allowed, std::memory_order_relaxed);
}

bool sha256_uses_hardware() {
    return sha256_hardware_available() && g_hardware_allowed.load(std::memory_order_relaxed);
}

void sha256_compress(std::uint32_t state[8], const unsigned char* data, std::size_t blocks) {
#ifdef CDK_SHA256_X86
    if (sha256_uses_hardware()) {
        compress_shani(state, data, blocks);
        return;
    }
#endif
    compress_portable(state, data, blocks);
}

} // namespace cdk::hash::detail
