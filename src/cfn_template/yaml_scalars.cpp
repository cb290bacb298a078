#include "cfn_template/yaml_scalars.hpp"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

namespace cdk::cfn_template {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// `text` is non-empty and every character satisfies `ok`.
template <class Pred> bool all_of(std::string_view text, Pred ok) {
    if (text.empty()) return false;
    for (char c : text) {
        if (!ok(c)) return false;
    }
    return true;
}

std::string_view drop_sign(std::string_view text, bool* negative = nullptr) {
    if (negative != nullptr) *negative = !text.empty() && text[0] == '-';
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
    return text;
}

/// `(:[0-5]?[0-9])+`: the base-60 parts after the first; `last` may end in a fraction (`.[0-9_]*`).
bool sexagesimal_tail(std::string_view tail, bool fraction_at_end) {
    if (tail.empty() || tail[0] != ':') return false;
    while (!tail.empty() && tail[0] == ':') {
        tail.remove_prefix(1);
        std::size_t n = 0;
        while (n < tail.size() && n < 2 && is_digit(tail[n]))
            ++n;
        if (n == 0 || (n == 2 && tail[0] > '5')) return false;
        tail.remove_prefix(n);
    }
    if (!fraction_at_end) return tail.empty();
    if (tail.empty() || tail[0] != '.') return false;
    return tail.size() == 1 || all_of(tail.substr(1), [](char c) { return is_digit(c) || c == '_'; });
}

/// SnakeYAML's INT: `[-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ |
/// [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`.
bool is_int(std::string_view text) {
    const std::string_view s = drop_sign(text);
    if (s.empty()) return false;
    if (s == "0") return true;
    if (s.size() > 2 && s[0] == '0' && s[1] == 'b')
        return all_of(s.substr(2), [](char c) { return c == '0' || c == '1' || c == '_'; });
    if (s.size() > 2 && s[0] == '0' && s[1] == 'x')
        return all_of(s.substr(2), [](char c) { return is_hex(c) || c == '_'; });
    if (s[0] == '0') return all_of(s.substr(1), [](char c) { return (c >= '0' && c <= '7') || c == '_'; });
    if (s[0] < '1' || s[0] > '9') return false;
    std::size_t n = 1;
    while (n < s.size() && (is_digit(s[n]) || s[n] == '_'))
        ++n;
    return n == s.size() || sexagesimal_tail(s.substr(n), false);
}

/// SnakeYAML's FLOAT: `[-+]?(\.[0-9]+|[0-9_]+(\.[0-9_]*)?)([eE][-+]?[0-9]+)? |
/// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)`.
bool is_float(std::string_view text) {
    if (text == ".nan" || text == ".NaN" || text == ".NAN") return true;
    const std::string_view s = drop_sign(text);
    if (s == ".inf" || s == ".Inf" || s == ".INF") return true;
    if (s.empty()) return false;
    std::size_t n = 0;
    if (s[0] == '.') {
        n = 1;
        const std::size_t digits = n;
        while (n < s.size() && is_digit(s[n]))
            ++n;
        if (n == digits) return false;
    } else {
        while (n < s.size() && (is_digit(s[n]) || s[n] == '_'))
            ++n;
        if (n == 0) return false;
        if (n < s.size() && s[n] == ':') return is_digit(s[0]) && sexagesimal_tail(s.substr(n), true);
        if (n < s.size() && s[n] == '.') {
            ++n;
            while (n < s.size() && (is_digit(s[n]) || s[n] == '_'))
                ++n;
        }
    }
    if (n == s.size()) return true;
    if (s[n] != 'e' && s[n] != 'E') return false;
    ++n;
    if (n < s.size() && (s[n] == '-' || s[n] == '+')) ++n;
    return all_of(s.substr(n), is_digit);
}

std::string without_underscores(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c != '_') out += c;
    }
    return out;
}

/// The value of text that `is_int` accepted; the text itself when it does not fit 64 bits.
Json int_value(std::string_view text) {
    bool negative = false;
    const std::string_view s = drop_sign(text, &negative);
    std::uint64_t base = 10;
    std::string_view digits = s;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'x')) {
        base = s[1] == 'b' ? 2 : 16;
        digits = s.substr(2);
    } else if (s.size() > 1 && s[0] == '0') {
        base = 8;
        digits = s.substr(1);
    }
    constexpr std::uint64_t kLimit = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t value = 0;
    std::uint64_t part = 0; // the current base-60 part of a sexagesimal number
    const bool sexagesimal = s.find(':') != std::string_view::npos;
    for (char c : digits) {
        if (c == '_') continue;
        if (c == ':') {
            if (value > (kLimit - part) / 60) return std::string(text);
            value = value * 60 + part;
            part = 0;
            continue;
        }
        const std::uint64_t d = is_digit(c) ? static_cast<std::uint64_t>(c - '0')
                                            : static_cast<std::uint64_t>((c | 0x20) - 'a' + 10);
        std::uint64_t& acc = sexagesimal ? part : value;
        if (acc > (kLimit - d) / base) return std::string(text);
        acc = acc * base + d;
    }
    if (sexagesimal) {
        if (value > (kLimit - part) / 60) return std::string(text);
        value = value * 60 + part;
    }
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!negative) {
        if (value > kMax) return std::string(text);
        return static_cast<std::int64_t>(value);
    }
    if (value > kMax + 1) return std::string(text);
    return value == kMax + 1 ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(value);
}

/// The value of text that `is_float` accepted; nullopt when it is not finite (JSON has no such number).
std::optional<Json> float_value(std::string_view text) {
    bool negative = false;
    const std::string_view s = drop_sign(text, &negative);
    double value = 0;
    if (s.find(':') != std::string_view::npos) { // sexagesimal: base-60 parts, the last with a fraction
        const std::string clean = without_underscores(s);
        std::size_t at = 0;
        while (true) {
            const std::size_t colon = clean.find(':', at);
            if (colon == std::string::npos) {
                value = value * 60 + std::strtod(clean.c_str() + at, nullptr);
                break;
            }
            value = value * 60 + std::strtod(clean.substr(at, colon - at).c_str(), nullptr);
            at = colon + 1;
        }
    } else {
        const std::string clean = without_underscores(s);
        if (clean.empty() || clean == ".") return std::nullopt;
        char* end = nullptr;
        errno = 0;
        value = std::strtod(clean.c_str(), &end);
        if (end != clean.c_str() + clean.size()) return std::nullopt;
    }
    if (negative) value = -value;
    if (!std::isfinite(value)) return std::nullopt;
    return Json(value);
}

bool is_bool(std::string_view s, bool* value) {
    static constexpr std::string_view kTrue[] = {"yes",  "Yes", "YES", "true", "True",
                                                 "TRUE", "on",  "On",  "ON"};
    static constexpr std::string_view kFalse[] = {"no",    "No",  "NO",  "false", "False",
                                                  "FALSE", "off", "Off", "OFF"};
    for (auto t : kTrue) {
        if (s == t) return *value = true, true;
    }
    for (auto f : kFalse) {
        if (s == f) return *value = false, true;
    }
    return false;
}

bool is_null(std::string_view s) {
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

} // namespace

PlainKind plain_kind(std::string_view text) {
    bool b = false;
    if (is_null(text)) return PlainKind::Null;
    if (is_bool(text, &b)) return PlainKind::Bool;
    // SnakeYAML tries the number resolvers only on scalars that start with one of these.
    if (std::string_view("-+0123456789.").find(text[0]) == std::string_view::npos) return PlainKind::String;
    if (is_int(text)) return PlainKind::Int;
    if (is_float(text)) return PlainKind::Float;
    return PlainKind::String;
}

std::optional<Json> plain_value(std::string_view text) {
    const PlainKind kind = plain_kind(text);
    return kind == PlainKind::String ? std::optional<Json>(Json(std::string(text)))
                                     : tagged_value(kind, text);
}

std::optional<Json> tagged_value(PlainKind kind, std::string_view text) {
    bool b = false;
    switch (kind) {
    case PlainKind::Null:
        if (!is_null(text)) return std::nullopt;
        return Json(nullptr);
    case PlainKind::Bool:
        if (!is_bool(text, &b)) return std::nullopt;
        return Json(b);
    case PlainKind::Int:
        if (!is_int(text)) return std::nullopt;
        return int_value(text);
    case PlainKind::Float:
        if (is_int(text)) { // `!!float 0x1F` is 31.0
            const Json i = int_value(text);
            if (!i.is_number_integer()) return std::nullopt;
            return Json(static_cast<double>(i.get<std::int64_t>()));
        }
        if (!is_float(text)) return std::nullopt;
        return float_value(text);
    case PlainKind::String: return Json(std::string(text));
    }
    return std::nullopt;
}

} // namespace cdk::cfn_template
