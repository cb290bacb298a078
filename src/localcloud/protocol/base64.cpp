#include "localcloud/protocol/base64.hpp"

#include <openssl/evp.h>

namespace cdk::localcloud {

std::string base64_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

Result<std::string> base64_decode(std::string_view text) {
    std::string clean;
    for (const char c : text) {
        if (c != '\n' && c != '\r' && c != ' ') clean.push_back(c);
    }
    if (clean.size() % 4 != 0) return make_error("SerializationException", "invalid base64 blob", 400);
    std::string out(clean.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
    if (n < 0) return make_error("SerializationException", "invalid base64 blob", 400);
    std::size_t len = static_cast<std::size_t>(n);
    if (!clean.empty() && clean.back() == '=') --len;
    if (clean.size() > 1 && clean[clean.size() - 2] == '=') --len;
    out.resize(len);
    return out;
}

} // namespace cdk::localcloud
