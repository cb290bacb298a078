#pragma once

#include "core/result.hpp"
#include "localcloud/server/http_message.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

/// S3's additional checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256): which one a request asks for, each
/// computed incrementally over an object's bytes, and the value compared with the one the client sent in
/// an `x-amz-checksum-*` header or in the aws-chunked trailer.
namespace cdk::localcloud::s3 {

enum class ChecksumAlgorithm { Crc32, Crc32c, Crc64Nvme, Sha1, Sha256 };

/// "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256" (the API's ChecksumAlgorithm names).
[[nodiscard]] std::string_view checksum_name(ChecksumAlgorithm algorithm);
/// "x-amz-checksum-crc32" and so on.
[[nodiscard]] std::string checksum_header(ChecksumAlgorithm algorithm);
/// The algorithm of an API name ("crc32" and "CRC32" alike) or of an x-amz-checksum-* header name.
[[nodiscard]] std::optional<ChecksumAlgorithm> checksum_algorithm(std::string_view name);

/// One checksum computed over bytes given in pieces.
class Checksum {
public:
    explicit Checksum(ChecksumAlgorithm algorithm);
    ~Checksum();
    Checksum(const Checksum&) = delete;
    Checksum& operator=(const Checksum&) = delete;

    void update(std::string_view bytes);
    /// The base64 of the big-endian digest, as S3 writes it. Finishes the checksum: call once.
    [[nodiscard]] std::string base64();
    [[nodiscard]] ChecksumAlgorithm algorithm() const { return algorithm_; }

private:
    struct Impl;
    ChecksumAlgorithm algorithm_;
    std::unique_ptr<Impl> impl_;
};

/// Whether `value` is the base64 of a digest of `algorithm`'s size (what S3 accepts in a header or trailer).
[[nodiscard]] bool well_formed_checksum(ChecksumAlgorithm algorithm, std::string_view value);

/// What a PUT or UploadPart asks to be checked: the algorithm and, when sent as a header, its value (a
/// trailer's value comes with the body).
struct ChecksumRequest {
    ChecksumAlgorithm algorithm = ChecksumAlgorithm::Crc32;
    std::string header_value; ///< empty when the value is in the trailer, or was not sent
    bool in_trailer = false;
};

/// Reads the request's checksum headers: x-amz-checksum-<alg> (at most one), x-amz-trailer naming one,
/// x-amz-sdk-checksum-algorithm. nullopt when none asks for a checksum. Errors as S3's: InvalidRequest for
/// two checksum headers, an unknown algorithm or a malformed value.
[[nodiscard]] Result<std::optional<ChecksumRequest>> checksum_request(const ServerRequest& request);

/// BadDigest (400) unless `computed` equals `sent`: "The CRC32 you specified did not match the calculated
/// checksum."
[[nodiscard]] Result<void> compare_checksum(ChecksumAlgorithm algorithm, std::string_view sent,
                                            std::string_view computed);

} // namespace cdk::localcloud::s3
