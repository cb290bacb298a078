// Start-up of the programs (docs/performance.md, "start-up"): what the dynamic loader maps when cdkpp starts.
// libcurl and its ~30 dependencies are loaded with dlopen() on the first HTTP request, never at start.
#include "tests/assembly/test_support.hpp"
#include "tests/e2e/cli_runner.hpp"

#include <gtest/gtest.h>

#include <string>
#include <unistd.h>

namespace cdk::e2e {
namespace {

using assembly::testing::fixture;
using assembly::testing::TempDir;

std::string program(const std::string& name) {
    return shell_quote(std::string(CDK_BINARY_DIR) + "/bin/" + name);
}

TEST(StartupTest, ProgramsHaveNoLinkTimeDependencyOnLibcurl) {
    TempDir dir("cdkpp_e2e_startup_" + std::to_string(getpid()));
    for (const std::string name : {"cdkpp", "localcloud"}) {
        const auto run = run_in(dir.path(), "readelf -d " + program(name));
        ASSERT_EQ(run.exit_code, 0) << run.err;
        EXPECT_NE(run.out.find("(NEEDED)"), std::string::npos) << name << ": " << run.out;
        EXPECT_EQ(run.out.find("libcurl"), std::string::npos) << name << " needs libcurl at start:\n"
                                                              << run.out;
    }
}

/// cdkpp carries neither OpenSSL (its hashing, HMAC, MD5 and random bytes are the project's own or the
/// kernel's) nor the localcloud server (`cdkpp local start` runs the localcloud program): the loader has
/// ~6,500 relative relocations to apply instead of ~27,000.
TEST(StartupTest, CdkppCarriesNeitherOpenSslNorTheServer) {
    TempDir dir("cdkpp_e2e_startup_" + std::to_string(getpid()));
    const auto run = run_in(dir.path(), "nm -C " + program("cdkpp"));
    ASSERT_EQ(run.exit_code, 0) << run.err;
    for (const char* symbol : {" EVP_", " RAND_bytes", " OPENSSL_init",
                               "localcloud::LocalCloud::", "localcloud::control::serve("}) {
        EXPECT_EQ(run.out.find(symbol), std::string::npos) << "cdkpp contains " << symbol;
    }
    const auto server = run_in(dir.path(), "nm -C " + program("localcloud"));
    ASSERT_EQ(server.exit_code, 0) << server.err;
    EXPECT_NE(server.out.find("localcloud::control::serve("), std::string::npos);
}

TEST(StartupTest, VersionLoadsNoHttpLibrary) {
    TempDir dir("cdkpp_e2e_startup_" + std::to_string(getpid()));
    const auto run = run_in(dir.path(), "LD_DEBUG=files " + cdkpp() + " --version");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "0.1.0\n");
    EXPECT_NE(run.err.find("calling init"), std::string::npos) << "LD_DEBUG output expected:\n" << run.err;
    EXPECT_EQ(run.err.find("libcurl"), std::string::npos) << run.err;
}

TEST(StartupTest, SynthOfAnExistingAssemblyLoadsNoHttpLibrary) {
    TempDir dir("cdkpp_e2e_startup_" + std::to_string(getpid()));
    const auto run = run_in(dir.path(), "LD_DEBUG=files " + cdkpp() + " synth --quiet --app " +
                                            shell_quote(fixture("stock_nested").string()));
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.err.find("calling fini"), std::string::npos) << "LD_DEBUG output expected:\n" << run.err;
    EXPECT_EQ(run.err.find("libcurl"), std::string::npos) << run.err;
}

} // namespace
} // namespace cdk::e2e
