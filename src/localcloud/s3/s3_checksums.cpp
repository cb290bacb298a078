#include "localcloud/s3/s3_checksums.hpp"

#include "core/hash.hpp"
#include "core/strings.hpp"
#include "localcloud/protocol/base64.hpp"

#include <openssl/evp.h>

#include <array>

namespace cdk::localcloud::s3 {
namespace {

/// The byte-wise table of a reflected CRC with polynomial `poly` (LSB-first).
template <typename T> constexpr std::array<T, 256> crc_table(T poly) {
    std::array<T, 256> table{};
    for (unsigned i = 0; i < 256; ++i) {
        T c = static_cast<T>(i);
        for (int k = 0; k < 8; ++k)
            c = (c & 1) != 0 ? static_cast<T>((c >> 1) ^ poly) : static_cast<T>(c >> 1);
        table[i] = c;
    }
    return table;
}

constexpr auto kCrc32 = crc_table<std::uint32_t>(0xEDB88320U);               // ISO-HDLC (zlib)
constexpr auto kCrc32c = crc_table<std::uint32_t>(0x82F63B78U);              // Castagnoli
constexpr auto kCrc64Nvme = crc_table<std::uint64_t>(0x9A6C9329AC4BC9B5ULL); // NVM Express

template <typename T> T crc_update(const std::array<T, 256>& table, T crc, std::string_view bytes) {
    for (const char b : bytes)
        crc = table[(crc ^ static_cast<unsigned char>(b)) & 0xFFU] ^ (crc >> 8);
    return crc;
}

template <typename T> std::string big_endian(T value) {
    std::string out(sizeof(T), '\0');
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        out[sizeof(T) - 1 - i] = static_cast<char>(value & 0xFFU);
        value >>= 8;
    }
    return out;
}

std::size_t digest_size(ChecksumAlgorithm a) {
    switch (a) {
    case ChecksumAlgorithm::Crc32:
    case ChecksumAlgorithm::Crc32c: return 4;
    case ChecksumAlgorithm::Crc64Nvme: return 8;
    case ChecksumAlgorithm::Sha1: return 20;
    case ChecksumAlgorithm::Sha256: return 32;
    }
    return 0;
}

constexpr std::array kAll = {ChecksumAlgorithm::Crc32, ChecksumAlgorithm::Crc32c,
                             ChecksumAlgorithm::Crc64Nvme, ChecksumAlgorithm::Sha1,
                             ChecksumAlgorithm::Sha256};

Error invalid_request(const std::string& message) {
    return make_error("InvalidRequest", message, 400);
}

} // namespace

std::string_view checksum_name(ChecksumAlgorithm algorithm) {
    switch (algorithm) {
    case ChecksumAlgorithm::Crc32: return "CRC32";
    case ChecksumAlgorithm::Crc32c: return "CRC32C";
    case ChecksumAlgorithm::Crc64Nvme: return "CRC64NVME";
    case ChecksumAlgorithm::Sha1: return "SHA1";
    case ChecksumAlgorithm::Sha256: return "SHA256";
    }
    return "";
}

std::string checksum_header(ChecksumAlgorithm algorithm) {
    return "x-amz-checksum-" + strings::to_lower(checksum_name(algorithm));
}

std::optional<ChecksumAlgorithm> checksum_algorithm(std::string_view name) {
    std::string n = strings::to_lower(strings::trim(name));
    if (n.starts_with("x-amz-checksum-")) n = n.substr(15);
    for (const auto a : kAll) {
        if (n == strings::to_lower(checksum_name(a))) return a;
    }
    return std::nullopt;
}

struct Checksum::Impl {
    std::uint32_t crc32 = 0xFFFFFFFFU;
    std::uint64_t crc64 = ~0ULL;
    hash::Sha256 sha256;
    EVP_MD_CTX* sha1 = nullptr;
};

Checksum::Checksum(ChecksumAlgorithm algorithm) : algorithm_(algorithm), impl_(std::make_unique<Impl>()) {
    if (algorithm_ == ChecksumAlgorithm::Sha1) {
        impl_->sha1 = EVP_MD_CTX_new();
        EVP_DigestInit_ex(impl_->sha1, EVP_sha1(), nullptr);
    }
}

Checksum::~Checksum() {
    if (impl_ && impl_->sha1 != nullptr) EVP_MD_CTX_free(impl_->sha1);
}

void Checksum::update(std::string_view bytes) {
    switch (algorithm_) {
    case ChecksumAlgorithm::Crc32: impl_->crc32 = crc_update(kCrc32, impl_->crc32, bytes); break;
    case ChecksumAlgorithm::Crc32c: impl_->crc32 = crc_update(kCrc32c, impl_->crc32, bytes); break;
    case ChecksumAlgorithm::Crc64Nvme: impl_->crc64 = crc_update(kCrc64Nvme, impl_->crc64, bytes); break;
    case ChecksumAlgorithm::Sha1: EVP_DigestUpdate(impl_->sha1, bytes.data(), bytes.size()); break;
    case ChecksumAlgorithm::Sha256: impl_->sha256.update(bytes); break;
    }
}

std::string Checksum::base64() {
    switch (algorithm_) {
    case ChecksumAlgorithm::Crc32:
    case ChecksumAlgorithm::Crc32c: return base64_encode(big_endian<std::uint32_t>(~impl_->crc32));
    case ChecksumAlgorithm::Crc64Nvme: return base64_encode(big_endian<std::uint64_t>(~impl_->crc64));
    case ChecksumAlgorithm::Sha1: {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(impl_->sha1, md, &len);
        return base64_encode(std::string_view(reinterpret_cast<const char*>(md), len));
    }
    case ChecksumAlgorithm::Sha256: return base64_encode(impl_->sha256.digest());
    }
    return "";
}

bool well_formed_checksum(ChecksumAlgorithm algorithm, std::string_view value) {
    const auto decoded = base64_decode(value);
    return decoded && decoded->size() == digest_size(algorithm);
}

Result<std::optional<ChecksumRequest>> checksum_request(const ServerRequest& request) {
    std::optional<ChecksumRequest> out;
    for (const auto a : kAll) {
        const std::string name = checksum_header(a);
        if (!request.has_header(name)) continue;
        if (out) {
            return invalid_request(
                "Expecting a single x-amz-checksum- header. Multiple checksum Types are not "
                "allowed.");
        }
        const std::string value = request.header(name);
        if (!well_formed_checksum(a, value))
            return invalid_request("Value for " + name + " header is invalid.");
        out = ChecksumRequest{.algorithm = a, .header_value = value};
    }
    if (const std::string trailer = request.header("x-amz-trailer"); !trailer.empty()) {
        const auto a = checksum_algorithm(trailer);
        if (!a || !strings::starts_with(strings::to_lower(strings::trim(trailer)), "x-amz-checksum-")) {
            return invalid_request("The value specified in the x-amz-trailer header is not supported");
        }
        if (out) {
            return invalid_request(
                "Expecting a single x-amz-checksum- header. Multiple checksum Types are not "
                "allowed.");
        }
        out = ChecksumRequest{.algorithm = *a, .in_trailer = true};
    }
    if (const std::string sdk = request.header("x-amz-sdk-checksum-algorithm"); !sdk.empty()) {
        const auto a = checksum_algorithm(sdk);
        if (!a || strings::starts_with(strings::to_lower(sdk), "x-amz-")) {
            return invalid_request(
                "Checksum algorithm provided is unsupported. Please try again with any of the "
                "valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }
        if (out && out->algorithm != *a) {
            return invalid_request("Value for x-amz-sdk-checksum-algorithm header is invalid.");
        }
        if (!out) out = ChecksumRequest{.algorithm = *a}; // computed and stored, nothing to compare
    }
    return out;
}

Result<void> compare_checksum(ChecksumAlgorithm algorithm, std::string_view sent, std::string_view computed) {
    if (sent == computed) return ok();
    return make_error("BadDigest",
                      "The " + std::string(checksum_name(algorithm)) +
                          " you specified did not match the calculated checksum.",
                      400);
}

} // namespace cdk::localcloud::s3
