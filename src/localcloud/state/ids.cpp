#include "localcloud/state/ids.hpp"

#include "core/random.hpp"
#include "core/strings.hpp"

#include <ctime>
#include <fmt/format.h>

namespace cdk::localcloud {

std::string random_id(std::string_view prefix, std::size_t length) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out(prefix);
    const std::string bytes = random_bytes(length);
    for (std::size_t i = 0; out.size() < length; ++i) out.push_back(kAlphabet[static_cast<unsigned char>(bytes[i]) % 32]);
    return out;
}

std::string random_secret() {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const std::string bytes = random_bytes(40);
    std::string out;
    for (const char b : bytes) out.push_back(kAlphabet[static_cast<unsigned char>(b) % 64]);
    return out;
}

std::string iso8601(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

long long epoch_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string http_date(long long epoch) {
    const std::time_t tt = static_cast<std::time_t>(epoch);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

} // namespace cdk::localcloud
