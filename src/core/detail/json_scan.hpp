#pragma once

// Byte scanning shared by the JSON readers (core/json_reader.cpp, core/json_flat.cpp).

#include <cstddef>
#include <cstdint>
#include <string>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace cdk::json::detail {

/// The first byte at or after `p` (before `end`) that ends a plain run of a JSON string: a quote, a
/// backslash, a control byte or a byte >= 0x80. 16 bytes at a time with SSE2 (every x86-64 CPU).
inline const char* string_run_end(const char* p, const char* end) {
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    for (; end - p >= 16; p += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // Signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them with the control bytes.
        const __m128i special = _mm_or_si128(
            _mm_cmplt_epi8(v, space), _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
        if (mask != 0) return p + __builtin_ctz(mask);
    }
#endif
    while (p != end) {
        const auto c = static_cast<unsigned char>(*p);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
        ++p;
    }
    return p;
}

/// The first byte at or after `p` that is not JSON whitespace; a pretty-printed document's indentation
/// is skipped 16 spaces at a time.
inline const char* skip_whitespace(const char* p, const char* end) {
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(' ');
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, space)));
        if (spaces == 0xFFFF) {
            p += 16;
            continue;
        }
        p += __builtin_ctz(~spaces); // the first non-space: a newline, tab or CR is handled below
        if (*p != '\n' && *p != '\r' && *p != '\t') return p;
        ++p;
    }
#endif
    while (p != end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        ++p;
    return p;
}

/// Integers below 10^18 fit int64 and uint64 without overflow checks.
inline constexpr int kMaxIntegerDigits = 18;

/// Reads the integer at `p` (advancing it) as the readers' fast path reads numbers: an optional '-', then
/// 1 to kMaxIntegerDigits digits without a leading zero, not followed by a fraction or an exponent. Sets
/// `negative` and the magnitude `value`; false when the text is anything else (malformed, a float, too
/// long), which the callers leave to nlohmann.
inline bool scan_integer(const char*& p, const char* end, bool& negative, std::uint64_t& value) {
    negative = *p == '-';
    if (negative) ++p;
    const char* digits = p;
    while (p != end && *p >= '0' && *p <= '9')
        ++p;
    const auto count = p - digits;
    if (count == 0 || count > kMaxIntegerDigits) return false;
    if (digits[0] == '0' && count > 1) return false;                     // leading zero: malformed
    if (p != end && (*p == '.' || *p == 'e' || *p == 'E')) return false; // a float
    value = 0;
    for (const char* d = digits; d != p; ++d)
        value = value * 10 + static_cast<std::uint64_t>(*d - '0');
    return true;
}

inline int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Reads the 4 hex digits at `p` (advancing it); -1 when they are not.
inline int hex4(const char*& p, const char* end) {
    if (end - p < 4) return -1;
    int v = 0;
    for (int i = 0; i < 4; ++i) {
        const int h = hex_value(p[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    p += 4;
    return v;
}

inline void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

/// Decodes the escape after a backslash at `p` (advancing it) onto `out`; false when it is not a valid
/// JSON escape (a lone or unpaired surrogate included, as nlohmann's lexer rejects them).
inline bool decode_escape(const char*& p, const char* end, std::string& out) {
    if (p == end) return false;
    const char c = *p++;
    switch (c) {
    case '"': out.push_back('"'); return true;
    case '\\': out.push_back('\\'); return true;
    case '/': out.push_back('/'); return true;
    case 'b': out.push_back('\b'); return true;
    case 'f': out.push_back('\f'); return true;
    case 'n': out.push_back('\n'); return true;
    case 'r': out.push_back('\r'); return true;
    case 't': out.push_back('\t'); return true;
    case 'u': {
        const int first = hex4(p, end);
        if (first < 0) return false;
        auto cp = static_cast<std::uint32_t>(first);
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false; // a low surrogate alone
        if (cp >= 0xD800 && cp <= 0xDBFF) {             // must be followed by \u + a low surrogate
            if (end - p < 2 || p[0] != '\\' || p[1] != 'u') return false;
            p += 2;
            const int second = hex4(p, end);
            if (second < 0xDC00 || second > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<std::uint32_t>(second) - 0xDC00);
        }
        append_utf8(out, cp);
        return true;
    }
    default: return false;
    }
}

/// Length of the valid UTF-8 sequence (2..4 bytes) at `p`, or 0 (the ranges of RFC 3629, as nlohmann's
/// lexer).
inline std::size_t utf8_sequence_length(const char* p, const char* end) {
    const auto avail = end - p;
    const auto b = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(p[i]); };
    const auto in = [&](std::ptrdiff_t i, unsigned lo, unsigned hi) {
        return i < avail && b(i) >= lo && b(i) <= hi;
    };
    const unsigned lead = b(0);
    if (lead >= 0xC2 && lead <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (lead == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF)
        return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (lead == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (lead == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (lead >= 0xF1 && lead <= 0xF3)
        return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (lead == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
}

} // namespace cdk::json::detail
