#include "localcloud/state/ids.hpp"

#include "aws/protocol/values.hpp"
#include "core/random.hpp"

namespace cdk::localcloud {

std::string random_id(std::string_view prefix, std::size_t length) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out(prefix);
    const std::string bytes = random_bytes(length);
    for (std::size_t i = 0; out.size() < length; ++i)
        out.push_back(kAlphabet[static_cast<unsigned char>(bytes[i]) % 32]);
    return out;
}

std::string random_secret() {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const std::string bytes = random_bytes(40);
    std::string out;
    for (const char b : bytes)
        out.push_back(kAlphabet[static_cast<unsigned char>(b) % 64]);
    return out;
}

// One date formatter in the tree: aws/protocol's (locale-independent names, the codecs' timestamps).
std::string iso8601(std::chrono::system_clock::time_point t) {
    return aws::protocol::format_iso8601(static_cast<double>(epoch_seconds(t)));
}

long long epoch_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string http_date(long long epoch) {
    return aws::protocol::format_http_date(static_cast<double>(epoch));
}

} // namespace cdk::localcloud
