#include "localcloud/codebuild/sandbox.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cdk::localcloud::codebuild {
namespace {

/// The index of `a` followed by `b` in `argv`, or -1.
long pair_at(const std::vector<std::string>& argv, const std::string& a, const std::string& b) {
    for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
        if (argv[i] == a && argv[i + 1] == b) return static_cast<long>(i);
    }
    return -1;
}

TEST(SandboxTest, BwrapCommandHidesTheDataDirectoryAndBindsTheBuildsOwn) {
    const SandboxLayout layout{"/var/lib/lc",
                               {"/var/lib/lc/codebuild/builds/u/src", "/var/lib/lc/x/home"},
                               "/var/lib/lc/codebuild/builds/u/src"};
    const auto argv = bwrap_command("/usr/bin/bwrap", layout, {"/bin/bash", "run.sh", "cmd.sh", "1"});
    ASSERT_FALSE(argv.empty());
    EXPECT_EQ(argv.front(), "/usr/bin/bwrap");
    const long root = pair_at(argv, "--ro-bind", "/");
    const long tmp = pair_at(argv, "--tmpfs", "/tmp");
    const long hidden = pair_at(argv, "--tmpfs", "/var/lib/lc");
    const long src = pair_at(argv, "--bind", "/var/lib/lc/codebuild/builds/u/src");
    ASSERT_GE(root, 0);
    ASSERT_GE(tmp, 0);
    ASSERT_GE(hidden, 0);
    ASSERT_GE(src, 0);
    // Mount order matters: the host, then what hides the data directory, then the build's directories in it.
    EXPECT_LT(root, hidden);
    EXPECT_LT(hidden, src);
    EXPECT_EQ(argv[static_cast<std::size_t>(src) + 2], "/var/lib/lc/codebuild/builds/u/src");
    EXPECT_GE(pair_at(argv, "--bind", "/var/lib/lc/x/home"), 0);
    for (const char* flag : {"--unshare-pid", "--die-with-parent", "--new-session"})
        EXPECT_NE(std::find(argv.begin(), argv.end(), flag), argv.end()) << flag;
    // The network is shared: builds reach localcloud on loopback.
    EXPECT_EQ(std::find(argv.begin(), argv.end(), "--unshare-net"), argv.end());
    EXPECT_EQ(std::find(argv.begin(), argv.end(), "--unshare-all"), argv.end());
    EXPECT_GE(pair_at(argv, "--chdir", "/var/lib/lc/codebuild/builds/u/src"), 0);
    // The command last, after "--".
    const auto dashes = std::find(argv.begin(), argv.end(), "--");
    ASSERT_NE(dashes, argv.end());
    EXPECT_EQ(std::vector<std::string>(dashes + 1, argv.end()),
              (std::vector<std::string>{"/bin/bash", "run.sh", "cmd.sh", "1"}));
}

TEST(SandboxTest, ADataDirectoryUnderTmpIsHiddenByThePrivateTmp) {
    const auto argv = bwrap_command("bwrap", SandboxLayout{"/tmp/lc-test/data", {}, "/"}, {"true"});
    EXPECT_GE(pair_at(argv, "--tmpfs", "/tmp"), 0);
    EXPECT_EQ(pair_at(argv, "--tmpfs", "/tmp/lc-test/data"), -1);
}

TEST(SandboxTest, ReadOnlyDirectoriesComeAfterThePrivateTmp) {
    const auto argv = bwrap_command(
        "bwrap", SandboxLayout{"/tmp/d", {"/tmp/d/b/src"}, "/tmp/d/b/src", {"/tmp/prefix"}}, {"true"});
    const long tmp = pair_at(argv, "--tmpfs", "/tmp");
    const long prefix = pair_at(argv, "--ro-bind", "/tmp/prefix");
    ASSERT_GE(prefix, 0);
    EXPECT_LT(tmp, prefix);
    EXPECT_EQ(argv[static_cast<std::size_t>(prefix) + 2], "/tmp/prefix");
}

TEST(SandboxTest, PathUnderIsByWholeComponents) {
    EXPECT_TRUE(path_under("/tmp", "/tmp"));
    EXPECT_TRUE(path_under("/tmp/a/b", "/tmp/"));
    EXPECT_TRUE(path_under("/tmp/a/../a/b", "/tmp/a"));
    EXPECT_FALSE(path_under("/tmpfoo", "/tmp"));
    EXPECT_FALSE(path_under("/var/tmp", "/tmp"));
    EXPECT_TRUE(path_under("/anything", "/"));
}

TEST(SandboxTest, SettingNoneIsTheProcessGroupAndAnUnknownValueIsAnError) {
    const Sandbox none = choose_sandbox("none", "/usr/bin:/bin");
    EXPECT_EQ(none.kind, Sandbox::Kind::ProcessGroup);
    EXPECT_TRUE(none.error.empty());
    const Sandbox bad = choose_sandbox("docker", "/usr/bin:/bin");
    EXPECT_EQ(bad.error, "CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX must be auto, bwrap or none, not 'docker'");
}

TEST(SandboxTest, WithoutBwrapOnPathAutoFallsBackAndBwrapIsAnError) {
    const Sandbox fallback = choose_sandbox(nullptr, "/nonexistent");
    EXPECT_EQ(fallback.kind, Sandbox::Kind::ProcessGroup);
    EXPECT_TRUE(fallback.error.empty());
    EXPECT_NE(fallback.description.find("bwrap is not on PATH"), std::string::npos) << fallback.description;
    const Sandbox required = choose_sandbox("bwrap", "/nonexistent");
    EXPECT_NE(required.error.find("CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX=bwrap, but bwrap is not on PATH"),
              std::string::npos)
        << required.error;
}

} // namespace

TEST(SandboxTest, TheBuildsOwnTmpIsBoundAsTmpSoItOutlivesACommand) {
    const auto argv = bwrap_command(
        "bwrap", SandboxLayout{"/var/lib/lc", {"/b/src"}, "/b/src", {}, "/b/sandbox-tmp"}, {"true"});
    const long tmp = pair_at(argv, "--bind", "/b/sandbox-tmp");
    ASSERT_GE(tmp, 0);
    EXPECT_EQ(argv[static_cast<std::size_t>(tmp) + 2], "/tmp");
    EXPECT_EQ(pair_at(argv, "--tmpfs", "/tmp"), -1);
}

} // namespace cdk::localcloud::codebuild
