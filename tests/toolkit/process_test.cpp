#include "core/fs.hpp"
#include "core/strings.hpp"
#include "tests/assembly/test_support.hpp"
#include "toolkit/detail/process.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unistd.h>

namespace cdk::toolkit::detail {
namespace {

using assembly::testing::TempDir;

/// A script that records its parent process, arguments and PWD into report.txt next to it.
std::filesystem::path write_reporter(const std::filesystem::path& dir) {
    const auto script = dir / "report.sh";
    EXPECT_TRUE(fs::write_file_atomic(script, "#!/bin/sh\nprintf '%s\\n' \"ppid=$PPID\" \"args=$*\" "
                                              "\"pwd=$PWD\" \"cwd=$(pwd -P)\" > \"$0.txt\"\n"));
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    return script;
}

std::string report(const std::filesystem::path& script) {
    return fs::read_file(script.string() + ".txt").value_or("");
}

TempDir temp(const std::string& name) {
    return TempDir("cdkpp_process_" + name + "_" + std::to_string(getpid()));
}

TEST(RunShellTest, APlainCommandIsExecutedWithoutAShell) {
    const TempDir dir = temp("plain");
    const auto script = write_reporter(dir.path());
    auto exit = run_shell(script.string() + " a=1 b,c  d/e:f", dir.path(), current_environment());
    ASSERT_TRUE(exit) << exit.error().to_string();
    EXPECT_EQ(exit->exit_code, 0);
    const std::string out = report(script);
    EXPECT_NE(out.find("ppid=" + std::to_string(getpid()) + "\n"), std::string::npos) << "no sh in between:\n"
                                                                                      << out;
    EXPECT_NE(out.find("args=a=1 b,c d/e:f\n"), std::string::npos) << out;
}

TEST(RunShellTest, ShellSyntaxStillGoesThroughTheShell) {
    const TempDir dir = temp("syntax");
    const auto script = write_reporter(dir.path());
    auto exit =
        run_shell("X='two words'; " + script.string() + " \"$X\" && true", dir.path(), current_environment());
    ASSERT_TRUE(exit) << exit.error().to_string();
    EXPECT_EQ(exit->exit_code, 0);
    const std::string out = report(script);
    EXPECT_NE(out.find("args=two words\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("ppid=" + std::to_string(getpid()) + "\n"), std::string::npos) << out;
}

TEST(RunShellTest, PwdNamesTheDirectoryTheCommandRunsIn) {
    const TempDir dir = temp("pwd");
    const auto script = write_reporter(dir.path());
    auto env = current_environment();
    env["PWD"] = "/";
    auto exit = run_shell(script.string(), dir.path(), env);
    ASSERT_TRUE(exit) << exit.error().to_string();
    const std::string canonical = std::filesystem::canonical(dir.path()).string();
    const std::string out = report(script);
    EXPECT_NE(out.find("pwd=" + canonical + "\n"), std::string::npos) << out;
    EXPECT_NE(out.find("cwd=" + canonical + "\n"), std::string::npos) << out;
}

TEST(RunShellTest, AMissingOrNonExecutableProgramExitsAsTheShellReportsIt) {
    const TempDir dir = temp("missing");
    auto missing =
        run_shell((dir.path() / "no-such-app").string() + " --flag", dir.path(), current_environment());
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->exit_code, 127);
    const auto plain = dir.path() / "not-executable";
    ASSERT_TRUE(fs::write_file_atomic(plain, "echo hi\n"));
    std::filesystem::permissions(plain,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto denied = run_shell(plain.string(), dir.path(), current_environment());
    ASSERT_TRUE(denied);
    EXPECT_EQ(denied->exit_code, 126);
}

TEST(RunShellTest, AKilledProgramReportsItsSignal) {
    const TempDir dir = temp("killed");
    const auto script = dir.path() / "die.sh";
    ASSERT_TRUE(fs::write_file_atomic(script, "#!/bin/sh\nkill -9 $$\n"));
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    auto exit = run_shell(script.string(), dir.path(), current_environment());
    ASSERT_TRUE(exit);
    EXPECT_EQ(exit->signal, 9);
}

} // namespace
} // namespace cdk::toolkit::detail
