#include "core/fs.hpp"
#include "core/strings.hpp"
#include "tests/assembly/test_support.hpp"
#include "toolkit/cloud_executable.hpp"

#include <gtest/gtest.h>

namespace cdk::toolkit {
namespace {

using assembly::testing::fixture;
using assembly::testing::TempDir;

AppRunRequest request_in(const std::filesystem::path& dir, std::string app) {
    AppRunRequest r;
    r.app = std::move(app);
    r.working_dir = dir;
    r.output_dir = "cdk.out";
    r.context = {{"stage", "dev"}};
    r.environment = current_environment();
    return r;
}

std::string copy_fixture_command() {
    return "cp -r '" + fixture("stock_nested").string() + "'/. \"$CDK_OUTDIR\"";
}

TEST(RunAppTest, RunsTheCommandWithTheProtocolAndReadsTheAssembly) {
    TempDir dir("cdkpp_run_app_ok");
    auto r = request_in(dir.path(), copy_fixture_command() + " && env > env.txt && pwd > pwd.txt");
    r.default_region = "ap-southeast-2";
    auto a = run_app(r);
    ASSERT_TRUE(a) << a.error().to_string();
    EXPECT_EQ(a->stacks_recursively().size(), 4u);
    EXPECT_EQ(a->directory(), dir.path() / "cdk.out");
    auto env = fs::read_file(dir.path() / "env.txt");
    ASSERT_TRUE(env);
    EXPECT_NE(env->find("CDK_OUTDIR=" + (dir.path() / "cdk.out").string()), std::string::npos);
    EXPECT_NE(env->find(R"(CDK_CONTEXT_JSON={"stage":"dev"})"), std::string::npos);
    EXPECT_NE(env->find("CDK_DEFAULT_REGION=ap-southeast-2"), std::string::npos);
    EXPECT_EQ(env->find("CONTEXT_OVERFLOW_LOCATION_ENV"), std::string::npos);
    auto pwd = fs::read_file(dir.path() / "pwd.txt");
    ASSERT_TRUE(pwd);
    EXPECT_EQ(std::filesystem::path(std::string(cdk::strings::trim(*pwd))), dir.path());
}

TEST(RunAppTest, LargeContextGoesThroughTheOverflowFile) {
    TempDir dir("cdkpp_run_app_overflow");
    auto r = request_in(dir.path(), copy_fixture_command() +
                                        " && cp \"$CONTEXT_OVERFLOW_LOCATION_ENV\" overflow.json"
                                        " && echo \"$CONTEXT_OVERFLOW_LOCATION_ENV\" > where.txt");
    r.context = Json::object();
    for (int i = 0; i < 40; ++i)
        r.context["key" + std::to_string(100 + i)] = std::string(5000, 'v');
    auto a = run_app(r);
    ASSERT_TRUE(a) << a.error().to_string();
    auto overflow = fs::read_file(dir.path() / "overflow.json");
    ASSERT_TRUE(overflow);
    const Json o = Json::parse(*overflow);
    EXPECT_TRUE(o.contains("key139"));
    EXPECT_FALSE(o.contains("key100"));
    auto where = fs::read_file(dir.path() / "where.txt");
    ASSERT_TRUE(where);
    EXPECT_NE(where->find("context-overflow.json"), std::string::npos);
    // The temporary overflow directory is gone.
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(std::string(cdk::strings::trim(*where)))));
}

TEST(RunAppTest, FailingAppNamesTheCommandAndExitCode) {
    TempDir dir("cdkpp_run_app_fail");
    auto a = run_app(request_in(dir.path(), "echo boom >&2; exit 3"));
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "AppFailed");
    EXPECT_NE(a.error().message.find("'echo boom >&2; exit 3'"), std::string::npos);
    EXPECT_NE(a.error().message.find("exit code 3"), std::string::npos);
}

TEST(RunAppTest, UnknownCommandSaysToCheckTheApp) {
    TempDir dir("cdkpp_run_app_missing");
    auto a = run_app(request_in(dir.path(), "cdkpp_no_such_program_xyz"));
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "AppFailed");
    EXPECT_NE(a.error().message.find("not found"), std::string::npos);
}

TEST(RunAppTest, AppThatWritesNothing) {
    TempDir dir("cdkpp_run_app_nothing");
    // A manifest from an earlier run must not count.
    ASSERT_TRUE(fs::write_file_atomic(dir.path() / "cdk.out" / "manifest.json", R"({"version":"55.0.0"})"));
    auto a = run_app(request_in(dir.path(), "true"));
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "AppWroteNothing");
    EXPECT_NE(a.error().message.find("synth()"), std::string::npos);
}

TEST(RunAppTest, AppThatWritesAMalformedManifest) {
    TempDir dir("cdkpp_run_app_malformed");
    auto a = run_app(request_in(dir.path(), "echo '{\"version\":' > \"$CDK_OUTDIR/manifest.json\""));
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "JsonMalformed");
    EXPECT_NE(a.error().message.find("app command"), std::string::npos);
    EXPECT_NE(a.error().message.find("manifest.json"), std::string::npos);
}

TEST(RunAppTest, KilledApp) {
    TempDir dir("cdkpp_run_app_killed");
    auto a = run_app(request_in(dir.path(), "kill -9 $$"));
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "AppFailed");
    EXPECT_NE(a.error().message.find("signal 9"), std::string::npos);
}

TEST(RunAppTest, DirectoryIsReadAsAnAssembly) {
    TempDir dir("cdkpp_run_app_dir");
    auto a = run_app(request_in(dir.path(), fixture("stock_nested").string()));
    ASSERT_TRUE(a) << a.error().to_string();
    EXPECT_EQ(a->stacks().size(), 1u);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "cdk.out"));
}

TEST(RunAppTest, NoApp) {
    TempDir dir("cdkpp_run_app_none");
    auto a = run_app(request_in(dir.path(), ""));
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "AppMissing");
}

} // namespace
} // namespace cdk::toolkit
