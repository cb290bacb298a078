#include "core/json_writer.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace cdk::json {
namespace {

/// How dump_escaped treats one byte: copied as is, escaped, or part of a non-ASCII sequence.
enum class ByteClass : std::uint8_t { Plain, Escape, NonAscii };

constexpr std::array<ByteClass, 256> kByteClass = [] {
    std::array<ByteClass, 256> table{};
    for (std::size_t b = 0; b < 256; ++b) {
        if (b < 0x20 || b == '"' || b == '\\') {
            table[b] = ByteClass::Escape;
        } else if (b >= 0x80) {
            table[b] = ByteClass::NonAscii;
        } else {
            table[b] = ByteClass::Plain; // 0x7F included: not escaped without ensure_ascii
        }
    }
    return table;
}();

constexpr char kHex[] = "0123456789abcdef";

ByteClass class_of(char c) {
    return kByteClass[static_cast<unsigned char>(c)];
}

/// Appends the escape sequence nlohmann's dump_escaped writes for an ASCII byte of class Escape.
void append_escape(std::string& out, char c) {
    switch (c) {
    case '\b': out.append("\\b", 2); break;
    case '\t': out.append("\\t", 2); break;
    case '\n': out.append("\\n", 2); break;
    case '\f': out.append("\\f", 2); break;
    case '\r': out.append("\\r", 2); break;
    case '"': out.append("\\\"", 2); break;
    case '\\': out.append("\\\\", 2); break;
    default: {
        const auto b = static_cast<unsigned char>(c);
        const char seq[6] = {'\\', 'u', '0', '0', kHex[b >> 4U], kHex[b & 0xFU]};
        out.append(seq, 6);
        break;
    }
    }
}

/// Length of the longest prefix of `s` made of Plain bytes: 16 bytes at a time where SSE2 is there (every
/// x86-64 CPU), a table lookup per byte otherwise.
std::size_t plain_prefix(std::string_view s) {
    const char* p = s.data();
    const std::size_t n = s.size();
    std::size_t i = 0;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    const auto special_in = [&](std::size_t at) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
        // Signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them with the control bytes.
        const __m128i special = _mm_or_si128(
            _mm_cmplt_epi8(v, space), _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
        return static_cast<unsigned>(_mm_movemask_epi8(special));
    };
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    // Most keys and values are shorter than 16 bytes: one 16-byte load when it stays inside the page of
    // the string's first byte (the bytes after the string are read but ignored; it cannot fault). An empty
    // view may point at an inaccessible page: not loaded. Sanitizer builds use the loop.
    if (n == 0) return 0;
    if (n < 16 && (reinterpret_cast<std::uintptr_t>(p) & 4095U) <= 4096U - 16U) {
        const unsigned mask = special_in(0) & ((1U << n) - 1U);
        return mask != 0 ? static_cast<std::size_t>(__builtin_ctz(mask)) : n;
    }
#endif
    if (n >= 16) {
        for (; i + 16 <= n; i += 16) {
            if (const unsigned mask = special_in(i); mask != 0)
                return i + static_cast<std::size_t>(__builtin_ctz(mask));
        }
        if (i == n) return n;
        // The last 16 bytes, overlapping what was checked: the first special one is at or after i.
        const unsigned mask = special_in(n - 16);
        return mask != 0 ? n - 16 + static_cast<std::size_t>(__builtin_ctz(mask)) : n;
    }
#endif
    while (i < n && class_of(p[i]) == ByteClass::Plain)
        ++i;
    return i;
}

/// Appends `"s"` when `s` is ASCII (escaping as nlohmann does) and returns true; returns false and
/// appends nothing when `s` has a byte >= 0x80 (UTF-8 validation and replacement are nlohmann's).
bool quoted_ascii(std::string& out, std::string_view s) {
    const std::size_t n = s.size();
    std::size_t i = plain_prefix(s);
    if (i == n) { // the common case: one copy
        const std::size_t at = out.size();
        out.resize(at + n + 2);
        char* dest = out.data() + at;
        dest[0] = '"';
        if (n > 0) std::memcpy(dest + 1, s.data(), n);
        dest[n + 1] = '"';
        return true;
    }
    for (std::size_t j = i; j < n; ++j) {
        if (class_of(s[j]) == ByteClass::NonAscii) return false;
    }
    out.push_back('"');
    std::size_t run = 0;
    for (; i < n; ++i) {
        if (class_of(s[i]) == ByteClass::Plain) continue;
        out.append(s.data() + run, i - run);
        append_escape(out, s[i]);
        run = i + 1;
    }
    out.append(s.data() + run, n - run);
    out.push_back('"');
    return true;
}

template <typename J> class Writer {
public:
    Writer(std::string& out, int indent)
        : out_(out), pretty_(indent >= 0), step_(indent >= 0 ? static_cast<std::size_t>(indent) : 0) {}

    void value(const J& v, std::size_t current_indent) {
        switch (v.type()) {
        case J::value_t::object:
            object(v.template get_ref<const typename J::object_t&>(), current_indent);
            return;
        case J::value_t::array:
            array(v.template get_ref<const typename J::array_t&>(), current_indent);
            return;
        case J::value_t::string: {
            const auto& s = v.template get_ref<const typename J::string_t&>();
            if (!quoted_ascii(out_, s)) serializer().dump(v, false, false, 0);
            return;
        }
        case J::value_t::boolean:
            if (v.template get<bool>()) {
                out_.append("true", 4);
            } else {
                out_.append("false", 5);
            }
            return;
        case J::value_t::number_integer: integer(v.template get<typename J::number_integer_t>()); return;
        case J::value_t::number_unsigned: integer(v.template get<typename J::number_unsigned_t>()); return;
        case J::value_t::null: out_.append("null", 4); return;
        case J::value_t::number_float:
        case J::value_t::binary:
        case J::value_t::discarded:
        default:
            serializer().dump(v, pretty_, false, static_cast<unsigned>(step_),
                              static_cast<unsigned>(current_indent));
            return;
        }
    }

private:
    void object(const typename J::object_t& obj, std::size_t current_indent) {
        if (obj.empty()) {
            out_.append("{}", 2);
            return;
        }
        const std::size_t inner = current_indent + step_;
        out_.push_back('{');
        bool first = true;
        for (const auto& [key, member] : obj) {
            if (pretty_) {
                out_.append(first ? "\n" : ",\n", first ? 1 : 2);
                out_.append(inner, ' ');
            } else if (!first) {
                out_.push_back(',');
            }
            first = false;
            key_text(key);
            if (pretty_) {
                out_.append(": ", 2);
            } else {
                out_.push_back(':');
            }
            value(member, inner);
        }
        if (pretty_) {
            out_.push_back('\n');
            out_.append(current_indent, ' ');
        }
        out_.push_back('}');
    }

    void array(const typename J::array_t& arr, std::size_t current_indent) {
        if (arr.empty()) {
            out_.append("[]", 2);
            return;
        }
        const std::size_t inner = current_indent + step_;
        out_.push_back('[');
        bool first = true;
        for (const auto& element : arr) {
            if (pretty_) {
                out_.append(first ? "\n" : ",\n", first ? 1 : 2);
                out_.append(inner, ' ');
            } else if (!first) {
                out_.push_back(',');
            }
            first = false;
            value(element, inner);
        }
        if (pretty_) {
            out_.push_back('\n');
            out_.append(current_indent, ' ');
        }
        out_.push_back(']');
    }

    void key_text(const typename J::string_t& key) {
        if (!quoted_ascii(out_, key)) serializer().dump(J(key), false, false, 0);
    }

    template <typename Int> void integer(Int number) {
        char buf[24];
        const auto res = std::to_chars(buf, buf + sizeof buf, number);
        out_.append(buf, static_cast<std::size_t>(res.ptr - buf));
    }

    nlohmann::detail::serializer<J>& serializer() {
        if (!serializer_) {
            serializer_.emplace(nlohmann::detail::output_adapter<char, std::string>(out_), ' ',
                                J::error_handler_t::replace);
        }
        return *serializer_;
    }

    std::string& out_;
    bool pretty_;
    std::size_t step_;
    std::optional<nlohmann::detail::serializer<J>> serializer_;
};

} // namespace

void dump_to(std::string& out, const Json& value, int indent, std::size_t current_indent) {
    Writer<Json>(out, indent).value(value, current_indent);
}

void dump_to(std::string& out, const nlohmann::ordered_json& value, int indent, std::size_t current_indent) {
    Writer<nlohmann::ordered_json>(out, indent).value(value, current_indent);
}

void append_string(std::string& out, std::string_view s) {
    if (quoted_ascii(out, s)) return;
    nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char, std::string>(out),
                                                  ' ', Json::error_handler_t::replace);
    serializer.dump(Json(std::string(s)), false, false, 0);
}

std::string dump(const Json& value, int indent) {
    std::string out;
    dump_to(out, value, indent);
    return out;
}

std::string dump(const nlohmann::ordered_json& value, int indent) {
    std::string out;
    dump_to(out, value, indent);
    return out;
}

} // namespace cdk::json
