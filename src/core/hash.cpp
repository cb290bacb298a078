#include "core/hash.hpp"

#include "core/detail/sha256_compress.hpp"
#include "core/strings.hpp"

#include <cstring>
#include <fstream>

namespace cdk::hash {
namespace {

constexpr std::array<std::uint32_t, 8> kInitialState = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
constexpr std::size_t kBlock = 64;

} // namespace

Sha256::Sha256() : state_(kInitialState) {}

Sha256& Sha256::update(std::string_view data) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t n = data.size();
    total_ += n;
    if (buffered_ > 0) {
        const std::size_t take = std::min(n, kBlock - buffered_);
        std::memcpy(buffer_.data() + buffered_, p, take);
        buffered_ += take;
        p += take;
        n -= take;
        if (buffered_ < kBlock) return *this;
        detail::sha256_compress(state_.data(), buffer_.data(), 1);
        buffered_ = 0;
    }
    if (n >= kBlock) {
        detail::sha256_compress(state_.data(), p, n / kBlock);
        p += n - n % kBlock;
        n %= kBlock;
    }
    if (n > 0) {
        std::memcpy(buffer_.data(), p, n);
        buffered_ = n;
    }
    return *this;
}

void Sha256::finish(unsigned char out[32]) {
    // Padding: 0x80, zeros up to 56 mod 64, then the message length in bits, big-endian.
    const std::uint64_t bits = total_ * 8;
    buffer_[buffered_++] = 0x80;
    if (buffered_ > kBlock - 8) {
        std::memset(buffer_.data() + buffered_, 0, kBlock - buffered_);
        detail::sha256_compress(state_.data(), buffer_.data(), 1);
        buffered_ = 0;
    }
    std::memset(buffer_.data() + buffered_, 0, kBlock - 8 - buffered_);
    for (unsigned i = 0; i < 8; ++i)
        buffer_[kBlock - 1 - i] = static_cast<unsigned char>(bits >> (8U * i));
    detail::sha256_compress(state_.data(), buffer_.data(), 1);
    buffered_ = 0;
    for (unsigned i = 0; i < 8; ++i) {
        out[4 * i] = static_cast<unsigned char>(state_[i] >> 24U);
        out[4 * i + 1] = static_cast<unsigned char>(state_[i] >> 16U);
        out[4 * i + 2] = static_cast<unsigned char>(state_[i] >> 8U);
        out[4 * i + 3] = static_cast<unsigned char>(state_[i]);
    }
}

std::string Sha256::digest() {
    std::string out(32, '\0');
    finish(reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

std::string Sha256::hex() {
    unsigned char raw[32];
    finish(raw);
    return strings::to_hex(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw));
}

std::string sha256(std::string_view data) {
    return Sha256().update(data).digest();
}

std::string sha256_hex(std::string_view data) {
    return Sha256().update(data).hex();
}

Result<std::string> sha256_file_hex(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("FileNotFound", "cannot open '" + path.string() + "' for hashing");
    Sha256 hash;
    char buf[1 << 16];
    while (in) {
        in.read(buf, sizeof buf);
        const auto got = in.gcount();
        if (got > 0) hash.update(std::string_view(buf, static_cast<std::size_t>(got)));
    }
    if (in.bad()) return make_error("FileReadError", "error while reading '" + path.string() + "'");
    return hash.hex();
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    // RFC 2104 with a 64-byte block: a longer key is hashed first, a shorter one padded with zeros.
    unsigned char block[kBlock] = {};
    if (key.size() > kBlock) {
        const std::string hashed = sha256(key);
        std::memcpy(block, hashed.data(),
                    hashed.size()); // NOLINT(bugprone-not-null-terminated-result): a key block, not a string
    } else {
        std::memcpy(block, key.data(), key.size());
    }
    char ipad[kBlock];
    char opad[kBlock];
    for (std::size_t i = 0; i < kBlock; ++i) {
        ipad[i] = static_cast<char>(block[i] ^ 0x36U);
        opad[i] = static_cast<char>(block[i] ^ 0x5cU);
    }
    const std::string inner = Sha256().update(std::string_view(ipad, kBlock)).update(data).digest();
    return Sha256().update(std::string_view(opad, kBlock)).update(inner).digest();
}

} // namespace cdk::hash
