#include "aws/protocol/values.hpp"

#include "core/md5.hpp"
#include "core/strings.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace cdk::aws::protocol {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int b64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

bool read_int(std::string_view& text, size_t digits, int& out) {
    if (text.size() < digits) return false;
    out = 0;
    for (size_t i = 0; i < digits; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    text.remove_prefix(digits);
    return true;
}

bool expect(std::string_view& text, char c) {
    if (text.empty() || text.front() != c) return false;
    text.remove_prefix(1);
    return true;
}

std::optional<double> parse_iso8601(std::string_view text) {
    std::tm tm{};
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_int(text, 4, year) || !expect(text, '-') || !read_int(text, 2, month) || !expect(text, '-') ||
        !read_int(text, 2, day) || !(expect(text, 'T') || expect(text, 't') || expect(text, ' ')) ||
        !read_int(text, 2, hour) || !expect(text, ':') || !read_int(text, 2, minute) || !expect(text, ':') ||
        !read_int(text, 2, second)) {
        return std::nullopt;
    }
    double fraction = 0;
    if (!text.empty() && text.front() == '.') {
        text.remove_prefix(1);
        double scale = 0.1;
        while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
            fraction += (text.front() - '0') * scale;
            scale /= 10;
            text.remove_prefix(1);
        }
    }
    int offset = 0;
    if (expect(text, 'Z') || expect(text, 'z')) {
    } else if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        const int sign = text.front() == '-' ? -1 : 1;
        text.remove_prefix(1);
        int oh = 0, om = 0;
        if (!read_int(text, 2, oh)) return std::nullopt;
        expect(text, ':');
        if (!read_int(text, 2, om)) return std::nullopt;
        offset = sign * (oh * 3600 + om * 60);
    }
    if (!text.empty()) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<double>(timegm(&tm) - offset) + fraction;
}

std::optional<double> parse_http_date(std::string_view text) {
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto comma = text.find(", ");
    if (comma == std::string_view::npos) return std::nullopt;
    text.remove_prefix(comma + 2);
    int day = 0, year = 0, hour = 0, minute = 0, second = 0;
    if (!read_int(text, 2, day) || !expect(text, ' ') || text.size() < 4) return std::nullopt;
    int month = -1;
    for (int i = 0; i < 12; ++i) {
        if (text.substr(0, 3) == kMonths[i]) month = i;
    }
    if (month < 0) return std::nullopt;
    text.remove_prefix(3);
    if (!expect(text, ' ') || !read_int(text, 4, year) || !expect(text, ' ') || !read_int(text, 2, hour) ||
        !expect(text, ':') || !read_int(text, 2, minute) || !expect(text, ':') ||
        !read_int(text, 2, second)) {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<double>(timegm(&tm));
}

} // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i + 1 == bytes.size()) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const unsigned v =
            (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    size_t padding = 0;
    size_t symbols = 0;
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        ++symbols;
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding > 0) return std::nullopt;
        const int v = b64_value(c);
        if (v < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    // Standard base64 is padded to whole quanta of four symbols, as every AWS SDK writes it.
    if (padding > 2 || bits >= 6 || symbols % 4 != 0) return std::nullopt;
    return out;
}

std::optional<double> parse_timestamp(std::string_view text) {
    text = strings::trim(text);
    if (text.empty()) return std::nullopt;
    if (auto v = parse_iso8601(text)) return v;
    if (auto v = parse_http_date(text)) return v;
    try {
        size_t used = 0;
        const double v = std::stod(std::string(text), &used);
        if (used == text.size()) return v;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

std::string format_iso8601(double epoch_seconds) {
    const double whole = std::floor(epoch_seconds);
    const auto t = static_cast<std::time_t>(whole);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out = buf;
    const int millis = static_cast<int>(std::lround((epoch_seconds - whole) * 1000));
    if (millis > 0 && millis < 1000) {
        char frac[8];
        std::snprintf(frac, sizeof frac, ".%03d", millis);
        out += frac;
    }
    return out + "Z";
}

std::string format_http_date(double epoch_seconds) {
    const auto t = static_cast<std::time_t>(std::floor(epoch_seconds));
    std::tm tm{};
    gmtime_r(&t, &tm);
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                  kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string content_md5(std::string_view body) {
    return base64_encode(hash::md5(body));
}

} // namespace cdk::aws::protocol
