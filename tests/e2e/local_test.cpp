// `cdkpp local …` and `cdkpp whoami` the way a user runs them: start localcloud, write profiles for its
// accounts, ask who we are in two accounts through those profiles (endpoint_url honoured), stop it.
#include "core/fs.hpp"
#include "core/json.hpp"
#include "tests/assembly/test_support.hpp"
#include "tests/e2e/cli_runner.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cdk::e2e {
namespace {

using assembly::testing::TempDir;

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    const int port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

TEST(LocalTest, StartProfilesWhoamiStop) {
    TempDir dir("cdkpp_e2e_local");
    const std::string port = std::to_string(free_port());
    const std::string where =
        " --port " + port + " --data-dir " + shell_quote((dir.path() / "data").string());
    const std::string env =
        "AWS_CONFIG_FILE=" + shell_quote((dir.path() / "config").string()) +
        " AWS_SHARED_CREDENTIALS_FILE=" + shell_quote((dir.path() / "credentials").string()) +
        " HOME=" + shell_quote(dir.path().string()) + " ";

    const auto start = run_in(dir.path(), cdkpp() + " local start" + where);
    ASSERT_EQ(start.exit_code, 0) << start.err;
    const auto status = run_in(dir.path(), cdkpp() + " local status --json" + where);
    EXPECT_EQ(status.exit_code, 0) << status.err;
    const Json s = Json::parse(status.out);
    EXPECT_EQ(s["running"], true);
    EXPECT_EQ(s["port"], std::stoi(port));

    const auto write = run_in(dir.path(), env + cdkpp() + " local profiles --write" + where);
    EXPECT_EQ(write.exit_code, 0) << write.err;
    for (const auto& [profile, account] :
         {std::pair{"dev", "111111111111"}, std::pair{"build", "999999999999"}}) {
        const auto who = run_in(dir.path(), env + cdkpp() + " whoami --json --profile " + profile);
        ASSERT_EQ(who.exit_code, 0) << who.err;
        const Json w = Json::parse(who.out);
        EXPECT_EQ(w["account"], account) << who.out;
        EXPECT_NE(w["stsEndpoint"].get<std::string>().find(port), std::string::npos) << who.out;
    }

    const auto stop = run_in(dir.path(), cdkpp() + " local stop" + where);
    EXPECT_EQ(stop.exit_code, 0) << stop.err;
    const auto after = run_in(dir.path(), cdkpp() + " local status" + where);
    EXPECT_NE(after.exit_code, 0) << after.out;
}

TEST(LocalTest, StartNamesTheLocalcloudProgramItCannotRun) {
    TempDir dir("cdkpp_e2e_local_noprogram");
    const std::string missing = (dir.path() / "no-such-localcloud").string();
    const auto run = run_in(dir.path(), "CDKPP_LOCALCLOUD=" + shell_quote(missing) + " " + cdkpp() +
                                            " local start --port " + std::to_string(free_port()) +
                                            " --data-dir " + shell_quote((dir.path() / "data").string()));
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_NE(run.err.find("LocalcloudNotFound"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(missing), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("CDKPP_LOCALCLOUD"), std::string::npos) << run.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "data" / "server.json"));
}

TEST(LocalTest, FailsWithUsageForAnUnknownLocalVerb) {
    TempDir dir("cdkpp_e2e_local_bad");
    const auto run = run_in(dir.path(), cdkpp() + " local launch");
    EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
}

} // namespace
} // namespace cdk::e2e
