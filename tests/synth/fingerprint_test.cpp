#include "core/fs.hpp"
#include "synth/assets/fingerprint.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace cdk {
namespace {

namespace stdfs = std::filesystem;
const stdfs::path kData = stdfs::path(CDK_SOURCE_DIR) / "tests/golden/synth/assets/data";

// Expected hashes: aws-cdk-lib 2.276 (`cdk synth` of the assets golden case).
TEST(Fingerprint, MatchesTheCdkForAFile) {
    EXPECT_EQ(fingerprint(kData / "hello.txt").value(),
              "549b144eccd7807d632712b653e30c42e8747617c2d8d4d083a75a701b0837b9");
}

TEST(Fingerprint, MatchesTheCdkForADirectory) {
    EXPECT_EQ(fingerprint(kData / "site").value(),
              "5ff2dbf999ce99a963c7d3ea3465927f3c6def2c7b75e4956c3777db8d67c87f");
}

TEST(Fingerprint, TextLineEndingsDoNotMatterButBinaryBytesDo) {
    const stdfs::path dir = stdfs::path(::testing::TempDir()) / "fingerprint_test";
    stdfs::remove_all(dir);
    stdfs::create_directories(dir);
    ASSERT_TRUE(fs::write_file_atomic(dir / "lf.txt", "a\nb\n"));
    ASSERT_TRUE(fs::write_file_atomic(dir / "crlf.txt", "a\r\nb\r\n"));
    EXPECT_EQ(content_fingerprint(dir / "lf.txt").value(), content_fingerprint(dir / "crlf.txt").value());
    EXPECT_EQ(content_fingerprint(dir / "lf.txt").value().substr(0, 2), "4:");
    ASSERT_TRUE(fs::write_file_atomic(dir / "bin1", std::string("a\0\r\n", 4)));
    ASSERT_TRUE(fs::write_file_atomic(dir / "bin2", std::string("a\0\n", 3)));
    EXPECT_NE(content_fingerprint(dir / "bin1").value(), content_fingerprint(dir / "bin2").value());
}

TEST(Fingerprint, ExtraHashAndExclusionsChangeTheHash) {
    const auto base = fingerprint(kData / "site").value();
    EXPECT_NE(fingerprint(kData / "site", {.extra_hash = "salt"}).value(), base);
    EXPECT_NE(fingerprint(kData / "site", {.exclude = {"css"}}).value(), base);
    EXPECT_FALSE(fingerprint(kData / "missing"));
}

} // namespace
} // namespace cdk
