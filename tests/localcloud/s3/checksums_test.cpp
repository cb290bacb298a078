#include "localcloud/protocol/base64.hpp"
#include "localcloud/s3/s3_checksums.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::s3 {
namespace {

std::string of(ChecksumAlgorithm a, std::string_view data, std::size_t piece = 0) {
    Checksum c(a);
    if (piece == 0) {
        c.update(data);
    } else {
        for (std::size_t i = 0; i < data.size(); i += piece)
            c.update(data.substr(i, piece));
    }
    return c.base64();
}

std::string b64(std::initializer_list<unsigned char> bytes) {
    return base64_encode(std::string(bytes.begin(), bytes.end()));
}

TEST(ChecksumsTest, CheckValuesOfEachAlgorithm) {
    // The catalogue check values of "123456789", big-endian as S3 writes them.
    EXPECT_EQ(of(ChecksumAlgorithm::Crc32, "123456789"), b64({0xCB, 0xF4, 0x39, 0x26}));
    EXPECT_EQ(of(ChecksumAlgorithm::Crc32c, "123456789"), b64({0xE3, 0x06, 0x92, 0x83}));
    EXPECT_EQ(of(ChecksumAlgorithm::Crc64Nvme, "123456789"),
              b64({0xAE, 0x8B, 0x14, 0x86, 0x0A, 0x79, 0x98, 0x88}));
    EXPECT_EQ(of(ChecksumAlgorithm::Sha1, "123456789"), "98O8HYCOBHMq32eZZczDTKeuNEE=");
    EXPECT_EQ(of(ChecksumAlgorithm::Sha256, ""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    EXPECT_EQ(of(ChecksumAlgorithm::Crc32, ""), "AAAAAA==");
}

TEST(ChecksumsTest, PiecesGiveTheSameValue) {
    std::string data;
    for (int i = 0; i < 100000; ++i)
        data.push_back(static_cast<char>(i * 31));
    for (const auto a : {ChecksumAlgorithm::Crc32, ChecksumAlgorithm::Crc32c, ChecksumAlgorithm::Crc64Nvme,
                         ChecksumAlgorithm::Sha1, ChecksumAlgorithm::Sha256}) {
        EXPECT_EQ(of(a, data, 7), of(a, data)) << checksum_name(a);
    }
}

TEST(ChecksumsTest, NamesAndHeaders) {
    EXPECT_EQ(checksum_algorithm("crc32c"), ChecksumAlgorithm::Crc32c);
    EXPECT_EQ(checksum_algorithm("CRC64NVME"), ChecksumAlgorithm::Crc64Nvme);
    EXPECT_EQ(checksum_algorithm("x-amz-checksum-sha1"), ChecksumAlgorithm::Sha1);
    EXPECT_FALSE(checksum_algorithm("md5"));
    EXPECT_EQ(checksum_header(ChecksumAlgorithm::Sha256), "x-amz-checksum-sha256");
}

ServerRequest with(std::vector<std::pair<std::string, std::string>> headers) {
    ServerRequest r;
    r.headers = std::move(headers);
    return r;
}

TEST(ChecksumsTest, WhatARequestAsksFor) {
    EXPECT_FALSE(*checksum_request(with({})));
    auto h = checksum_request(with({{"x-amz-checksum-crc32", "AAAAAA=="}}));
    ASSERT_TRUE(h && *h);
    EXPECT_EQ(((*h)->algorithm), ChecksumAlgorithm::Crc32);
    EXPECT_EQ((*h)->header_value, "AAAAAA==");
    auto t = checksum_request(with({{"x-amz-trailer", "x-amz-checksum-crc64nvme"}}));
    ASSERT_TRUE(t && *t);
    EXPECT_TRUE((*t)->in_trailer);
    EXPECT_EQ((*t)->algorithm, ChecksumAlgorithm::Crc64Nvme);
    auto sdk = checksum_request(with({{"x-amz-sdk-checksum-algorithm", "SHA256"}}));
    ASSERT_TRUE(sdk && *sdk);
    EXPECT_EQ((*sdk)->algorithm, ChecksumAlgorithm::Sha256);
    // S3's refusals.
    EXPECT_EQ(checksum_request(with({{"x-amz-checksum-crc32", "AAAAAA=="}, {"x-amz-checksum-sha1", "x"}}))
                  .error()
                  .code,
              "InvalidRequest");
    EXPECT_EQ(checksum_request(with({{"x-amz-checksum-crc32", "AAAA"}})).error().code, "InvalidRequest");
    EXPECT_EQ(checksum_request(with({{"x-amz-checksum-crc32", "not base64!"}})).error().code,
              "InvalidRequest");
    EXPECT_EQ(checksum_request(with({{"x-amz-trailer", "x-amz-meta-x"}})).error().code, "InvalidRequest");
    EXPECT_EQ(checksum_request(with({{"x-amz-sdk-checksum-algorithm", "MD5"}})).error().code,
              "InvalidRequest");
    EXPECT_EQ(compare_checksum(ChecksumAlgorithm::Crc32, "AAAAAA==", "AAAAAQ==").error().message,
              "The CRC32 you specified did not match the calculated checksum.");
    EXPECT_TRUE(compare_checksum(ChecksumAlgorithm::Crc32, "AAAAAA==", "AAAAAA=="));
}

} // namespace
} // namespace cdk::localcloud::s3
