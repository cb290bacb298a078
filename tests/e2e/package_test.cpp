// The Debian package (label e2e): `cpack -G DEB` of this build writes cdkpp_<version>_amd64.deb under 60 MB,
// holding the programs and the CMake package under /usr, with the Depends the programs need. Installing it
// needs root: scripts/test does that in CI (docs/packaging.md).
#include "tests/assembly/test_support.hpp"
#include "tests/e2e/cli_runner.hpp"

#include <gtest/gtest.h>

namespace cdk::e2e {
namespace {

using assembly::testing::TempDir;
namespace stdfs = std::filesystem;

TEST(PackageTest, CpackWritesADebWithTheProgramsTheCmakePackageAndItsDepends) {
    TempDir dir("cdkpp_e2e_package");
    const auto cpack =
        run_in(dir.path(), "cpack -G DEB --config " +
                               shell_quote(std::string(CDK_BINARY_DIR) + "/CPackConfig.cmake") + " -B " +
                               shell_quote(dir.path().string()));
    ASSERT_EQ(cpack.exit_code, 0) << cpack.out << cpack.err;
    stdfs::path deb;
    for (const auto& e : stdfs::directory_iterator(dir.path())) {
        if (e.path().extension() == ".deb") deb = e.path();
    }
    ASSERT_FALSE(deb.empty()) << cpack.out;
    EXPECT_TRUE(deb.filename().string().starts_with("cdkpp_0.")) << deb;
    EXPECT_TRUE(deb.filename().string().ends_with("_amd64.deb")) << deb;
    EXPECT_LT(stdfs::file_size(deb), 60u * 1024 * 1024);

    const auto depends = run_in(dir.path(), "dpkg-deb -f " + shell_quote(deb.string()) + " Depends");
    ASSERT_EQ(depends.exit_code, 0) << depends.err;
    EXPECT_NE(depends.out.find("libcurl4"), std::string::npos) << depends.out;
    EXPECT_NE(depends.out.find("libc6"), std::string::npos) << depends.out; // from dpkg-shlibdeps
    EXPECT_NE(depends.out.find("nlohmann-json3-dev"), std::string::npos) << depends.out;

    const auto contents = run_in(dir.path(), "dpkg-deb -c " + shell_quote(deb.string()));
    ASSERT_EQ(contents.exit_code, 0) << contents.err;
    for (const auto& path :
         {"./usr/bin/cdkpp", "./usr/bin/localcloud", "./usr/lib/cmake/cdkpp/cdkpp-config.cmake",
          "./usr/lib/cmake/cdkpp/cdkpp-targets.cmake", "./usr/lib/libcdk_synth.a",
          "./usr/include/cdkpp/lib/s3/bucket.hpp", "./usr/share/cdkpp/l1/ec2/cfn_ec2.cpp"}) {
        EXPECT_NE(contents.out.find(std::string(path) + "\n"), std::string::npos) << path;
    }
}

} // namespace
} // namespace cdk::e2e
