#include "core/detail/sha256_compress.hpp"
#include "core/fs.hpp"
#include "core/hash.hpp"
#include "core/md5.hpp"
#include "core/strings.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <random>

namespace cdk::hash {
namespace {

/// Runs every test once on each SHA-256 code path this CPU has: the SHA instructions and the portable one.
class HashTest : public ::testing::TestWithParam<bool> {
protected:
    void SetUp() override {
        if (GetParam() && !detail::sha256_hardware_available()) GTEST_SKIP() << "no SHA-NI on this CPU";
        detail::set_sha256_hardware_allowed(GetParam());
        ASSERT_EQ(detail::sha256_uses_hardware(), GetParam());
    }
    void TearDown() override { detail::set_sha256_hardware_allowed(true); }
};

std::string openssl_sha256_hex(std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EXPECT_EQ(EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr), 1);
    return strings::to_hex(std::string_view(reinterpret_cast<const char*>(out), len));
}

std::string openssl_hmac_hex(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
    return strings::to_hex(std::string_view(reinterpret_cast<const char*>(out), len));
}

/// Deterministic pseudo-random bytes (all 256 values occur).
std::string random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::string s(n, '\0');
    for (auto& c : s)
        c = static_cast<char>(gen() & 0xFFU);
    return s;
}

TEST_P(HashTest, Fips180Vectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(
        sha256_hex(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
            "mnopqrstnopqrstu"),
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_P(HashTest, RawDigestIsTheHexDigestsBytes) {
    const std::string raw = sha256("abc");
    ASSERT_EQ(raw.size(), 32U);
    EXPECT_EQ(strings::to_hex(raw), sha256_hex("abc"));
}

TEST_P(HashTest, EveryLengthUpTo300MatchesOpenSsl) {
    const std::string data = random_bytes(300, 7);
    for (std::size_t n = 0; n <= data.size(); ++n) {
        const std::string_view prefix(data.data(), n);
        ASSERT_EQ(sha256_hex(prefix), openssl_sha256_hex(prefix)) << "length " << n;
    }
}

TEST_P(HashTest, StreamingInPiecesMatchesOneShot) {
    const std::string data = random_bytes(5000, 11);
    const std::string expected = openssl_sha256_hex(data);
    for (const std::size_t piece : {1U, 3U, 63U, 64U, 65U, 127U, 1000U}) {
        Sha256 h;
        for (std::size_t at = 0; at < data.size(); at += piece)
            h.update(std::string_view(data).substr(at, piece));
        EXPECT_EQ(h.hex(), expected) << "pieces of " << piece;
    }
}

TEST_P(HashTest, HmacRfc4231) {
    EXPECT_EQ(strings::to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Case 6: a 131-byte key, longer than the block, is hashed first.
    EXPECT_EQ(strings::to_hex(hmac_sha256(std::string(131, '\xaa'),
                                          "Test Using Larger Than Block-Size Key - Hash Key First")),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_P(HashTest, HmacMatchesOpenSslForKeyLengthsAroundTheBlock) {
    const std::string bytes = random_bytes(200, 3);
    for (const std::size_t key_len : {0U, 1U, 32U, 63U, 64U, 65U, 128U, 200U}) {
        const std::string_view key(bytes.data(), key_len);
        const std::string_view data(bytes.data() + 13, 150);
        EXPECT_EQ(strings::to_hex(hmac_sha256(key, data)), openssl_hmac_hex(key, data))
            << "key length " << key_len;
    }
}

TEST_P(HashTest, FileHashMatchesInMemory) {
    const auto path = std::filesystem::temp_directory_path() / "cdkpp_hash_test.bin";
    // Larger than the 64 KiB read buffer and not a multiple of the block size.
    const std::string content = random_bytes((1U << 17U) + 77U, 5);
    ASSERT_TRUE(fs::write_file_atomic(path, content));
    auto h = sha256_file_hex(path);
    ASSERT_TRUE(h);
    EXPECT_EQ(*h, openssl_sha256_hex(content));
    std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(CodePaths, HashTest, ::testing::Values(true, false), [](const auto& param_info) {
    return param_info.param ? std::string("ShaNi") : std::string("Portable");
});

TEST(HashFileTest, FailsOnMissingFile) {
    auto h = sha256_file_hex("/nonexistent/cdkpp/file");
    ASSERT_FALSE(h);
    EXPECT_EQ(h.error().code, "FileNotFound");
}

} // namespace
} // namespace cdk::hash

namespace cdk::hash {
namespace {

/// core/md5 (logical ids, S3 Content-MD5) against OpenSSL's MD5, for every length around the block sizes.
TEST(Md5Test, EveryLengthUpTo300MatchesOpenSsl) {
    std::mt19937 rng(7);
    for (std::size_t len = 0; len <= 300; ++len) {
        std::string data(len, '\0');
        for (auto& c : data)
            c = static_cast<char>(rng());
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int n = 0;
        ASSERT_EQ(EVP_Digest(data.data(), data.size(), out, &n, EVP_md5(), nullptr), 1);
        EXPECT_EQ(md5(data), std::string(reinterpret_cast<const char*>(out), n)) << len;
    }
}

} // namespace
} // namespace cdk::hash
