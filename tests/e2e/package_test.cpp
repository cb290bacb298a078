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

    // The Depends name packages of this Debian that apt can resolve (a simulation: no root needed).
    // --reinstall: the same simulation when a cdkpp of this version is installed already (scripts/test
    // installs the .deb under CI, and the machine may keep it).
    const auto simulate = run_in(dir.path(), "apt-get install -s --reinstall " + shell_quote(deb.string()));
    EXPECT_EQ(simulate.exit_code, 0) << simulate.out << simulate.err;
    EXPECT_NE(simulate.out.find("Inst cdkpp "), std::string::npos) << simulate.out;

    const auto contents = run_in(dir.path(), "dpkg-deb -c " + shell_quote(deb.string()));
    ASSERT_EQ(contents.exit_code, 0) << contents.err;
    for (const auto& path :
         {"./usr/bin/cdkpp", "./usr/bin/localcloud", "./usr/lib/cmake/cdkpp/cdkpp-config.cmake",
          "./usr/lib/cmake/cdkpp/cdkpp-targets.cmake", "./usr/lib/libcdk_synth.a",
          "./usr/include/cdkpp/lib/s3/bucket.hpp", "./usr/share/cdkpp/l1/ec2/cfn_ec2.cpp"}) {
        EXPECT_NE(contents.out.find(std::string(path) + "\n"), std::string::npos) << path;
    }

    // Unpacked (not installed: that needs root), the programs run and the CMake package configures a project.
    const auto root = dir.path() / "root";
    const auto unpack =
        run_in(dir.path(), "dpkg-deb -x " + shell_quote(deb.string()) + " " + shell_quote(root.string()));
    ASSERT_EQ(unpack.exit_code, 0) << unpack.err;
    const auto version = run_in(dir.path(), shell_quote((root / "usr/bin/cdkpp").string()) + " --version");
    EXPECT_EQ(version.exit_code, 0) << version.err;
    EXPECT_EQ(version.out.rfind("0.", 0), 0u) << version.out;
    const auto app = dir.path() / "app";
    const auto init =
        run_in(dir.path(), "mkdir app && cd app && " + shell_quote((root / "usr/bin/cdkpp").string()) +
                               " init app --language cpp --generate-only");
    ASSERT_EQ(init.exit_code, 0) << init.err;
    const auto configure =
        run_in(app, "cmake -S . -B build -DCMAKE_PREFIX_PATH=" + shell_quote((root / "usr").string()));
    EXPECT_EQ(configure.exit_code, 0) << configure.out << configure.err;
}

} // namespace
} // namespace cdk::e2e
