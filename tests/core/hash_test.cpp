#include "core/hash.hpp"

#include "core/fs.hpp"
#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace cdk::hash {
namespace {

TEST(HashTest, Sha256KnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, HmacRfc4231Case2) {
    EXPECT_EQ(strings::to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HashTest, FileHashMatchesInMemory) {
    const auto path = std::filesystem::temp_directory_path() / "cdkpp_hash_test.bin";
    ASSERT_TRUE(fs::write_file_atomic(path, "abc"));
    auto h = sha256_file_hex(path);
    ASSERT_TRUE(h);
    EXPECT_EQ(*h, sha256_hex("abc"));
    std::filesystem::remove(path);
}

TEST(HashTest, FailsOnMissingFile) {
    auto h = sha256_file_hex("/nonexistent/cdkpp/file");
    ASSERT_FALSE(h);
    EXPECT_EQ(h.error().code, "FileNotFound");
}

} // namespace
} // namespace cdk::hash
