// Runs build/bin/cdkpp the way a user does: in a project directory with a cdk.json.
#include "core/fs.hpp"
#include "core/json.hpp"
#include "tests/assembly/test_support.hpp"
#include "tests/e2e/cli_runner.hpp"

#include <gtest/gtest.h>

namespace cdk::e2e {
namespace {

using assembly::testing::fixture;
using assembly::testing::TempDir;

/// A project whose app copies the stock-synthesized fixture into CDK_OUTDIR and records its environment.
void write_project(const std::filesystem::path& dir) {
    const std::string app =
        "cp -r " + shell_quote(fixture("stock_nested").string()) + "/. \"$CDK_OUTDIR\" && env > app_env.txt";
    ASSERT_TRUE(fs::write_file_atomic(dir / "cdk.json",
                                      Json{{"app", app}, {"context", {{"fromJson", "yes"}}}}.dump()));
}

TEST(CliTest, ListsHierarchicalIds) {
    TempDir dir("cdkpp_e2e_ls");
    write_project(dir.path());
    const auto run = run_in(dir.path(), cdkpp() + " ls");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out,
              "Root\nDev/Service (Dev-Service)\nDev/Api (Dev-Api)\nDev/Inner/Worker (Dev-Inner-Worker)\n");
    const auto patterned = run_in(dir.path(), cdkpp() + " list 'Dev/*' --long");
    EXPECT_EQ(patterned.exit_code, 0) << patterned.err;
    EXPECT_NE(patterned.out.find("- id: Dev/Service (Dev-Service)\n  name: Dev-Service\n"),
              std::string::npos);
    EXPECT_NE(patterned.out.find("account: \"111111111111\""), std::string::npos);
    EXPECT_EQ(patterned.out.find("Worker"), std::string::npos);
    const auto json = run_in(dir.path(), cdkpp() + " ls --json");
    EXPECT_EQ(json.exit_code, 0) << json.err;
    const Json parsed = Json::parse(json.out);
    ASSERT_EQ(parsed.size(), 4u);
    EXPECT_EQ(parsed[3]["environment"]["name"], "aws://111111111111/ap-southeast-2");
}

TEST(CliTest, SynthPrintsTheSingleTopLevelTemplateAndPassesContext) {
    TempDir dir("cdkpp_e2e_synth");
    write_project(dir.path());
    const auto run =
        run_in(dir.path(), "AWS_REGION=ap-southeast-2 " + cdkpp() + " synth -c stage=dev -c n=1");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out.rfind("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n", 0), 0u)
        << run.out.substr(0, 200);
    EXPECT_EQ(run.out.find("CheckBootstrapVersion"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "cdk.out" / "manifest.json"));
    const auto env = fs::read_file(dir.path() / "app_env.txt").value_or("");
    const auto line_start = env.find("CDK_CONTEXT_JSON=");
    ASSERT_NE(line_start, std::string::npos);
    const std::string ctx_text = env.substr(line_start + 17, env.find('\n', line_start) - line_start - 17);
    const Json ctx = Json::parse(ctx_text);
    EXPECT_EQ(ctx["stage"], "dev");
    EXPECT_EQ(ctx["n"], "1");
    EXPECT_EQ(ctx["fromJson"], "yes");
    EXPECT_EQ(ctx["aws:cdk:enable-path-metadata"], true);
    EXPECT_NE(env.find("CDK_DEFAULT_REGION=ap-southeast-2"), std::string::npos);
}

TEST(CliTest, SynthOfSeveralStacksSaysWhereTheAssemblyIs) {
    TempDir dir("cdkpp_e2e_synth_many");
    write_project(dir.path());
    const auto run = run_in(dir.path(), cdkpp() + " synth 'Dev/*' -o out");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("Successfully synthesized to " + (dir.path() / "out").string()),
              std::string::npos);
    EXPECT_NE(run.err.find("Supply a stack id (Dev/Service, Dev/Api)"), std::string::npos);
    EXPECT_NE(run.err.find("warning at /Dev/Api"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "out" / "manifest.json"));
}

TEST(CliTest, SynthOfAnAssemblyDirectoryAsJson) {
    TempDir dir("cdkpp_e2e_synth_dir");
    const auto run =
        run_in(dir.path(), cdkpp() + " synth --app " + shell_quote(fixture("stock_nested").string()) +
                               " Dev/Inner/Worker --json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const Json tmpl = Json::parse(run.out);
    EXPECT_EQ(tmpl["Resources"]["Q"]["Type"], "AWS::SQS::Queue");
    const auto quiet =
        run_in(dir.path(), cdkpp() + " synth -q --app " + shell_quote(fixture("stock_nested").string()));
    EXPECT_EQ(quiet.exit_code, 0);
    EXPECT_EQ(quiet.out, "");
}

TEST(CliTest, FailingAppIsOneClearError) {
    TempDir dir("cdkpp_e2e_fail");
    ASSERT_TRUE(
        fs::write_file_atomic(dir.path() / "cdk.json", R"({"app": "echo app-says-boom >&2; exit 4"})"));
    const auto run = run_in(dir.path(), cdkpp() + " synth");
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("app-says-boom"), std::string::npos);
    EXPECT_NE(run.err.find("error: app command 'echo app-says-boom >&2; exit 4' failed with exit code 4"),
              std::string::npos)
        << run.err;
}

TEST(CliTest, AppThatWritesNothingOrGarbage) {
    TempDir dir("cdkpp_e2e_nothing");
    const auto nothing = run_in(dir.path(), cdkpp() + " ls --app true");
    EXPECT_EQ(nothing.exit_code, 1);
    EXPECT_NE(nothing.err.find("wrote no cloud assembly"), std::string::npos) << nothing.err;
    const auto garbage = run_in(dir.path(), cdkpp() + " ls --app 'echo nope > $CDK_OUTDIR/manifest.json'");
    EXPECT_EQ(garbage.exit_code, 1);
    EXPECT_NE(garbage.err.find("is not valid JSON"), std::string::npos) << garbage.err;
}

TEST(CliTest, UsageErrors) {
    TempDir dir("cdkpp_e2e_usage");
    const auto no_app = run_in(dir.path(), cdkpp() + " synth");
    EXPECT_EQ(no_app.exit_code, 1);
    EXPECT_NE(no_app.err.find("no app to synthesize"), std::string::npos);
    const auto bad_context = run_in(dir.path(), cdkpp() + " synth --app true -c novalue");
    EXPECT_EQ(bad_context.exit_code, 2);
    EXPECT_NE(bad_context.err.find("KEY=VALUE"), std::string::npos);
    const auto bad_verb = run_in(dir.path(), cdkpp() + " frobnicate");
    EXPECT_EQ(bad_verb.exit_code, 2);
    const auto unmatched =
        run_in(dir.path(), cdkpp() + " synth Prod --app " + shell_quote(fixture("stock_nested").string()));
    EXPECT_EQ(unmatched.exit_code, 1);
    EXPECT_NE(unmatched.err.find("no stack matches 'Prod'"), std::string::npos);
}

TEST(CliTest, InitListsItsTemplates) {
    TempDir dir("cdkpp_e2e_init_list");
    for (const std::string& args : {std::string(" init --list"), std::string(" init")}) {
        const auto run = run_in(dir.path(), cdkpp() + args);
        EXPECT_EQ(run.exit_code, 0) << run.err;
        EXPECT_NE(run.out.find("Available templates:\n* app: "), std::string::npos) << run.out;
        EXPECT_NE(run.out.find("cdkpp init app --language=cpp"), std::string::npos) << run.out;
    }
    const auto json = run_in(dir.path(), cdkpp() + " init --list --json");
    EXPECT_EQ(json.exit_code, 0) << json.err;
    const Json parsed = Json::parse(json.out);
    ASSERT_EQ(parsed.size(), 1u) << json.out;
    EXPECT_EQ(parsed[0]["name"], "app");
    EXPECT_EQ(parsed[0]["languages"], Json::array({"cpp"}));
    EXPECT_EQ(parsed[0]["aliases"], Json::array({"application", "default"}));
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(CliTest, InitWritesAProjectNamedAfterTheDirectory) {
    TempDir dir("cdkpp_e2e_init_MyService");
    const auto run = run_in(dir.path(), cdkpp() + " init app --language cpp --generate-only");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / ".git"));
    const auto cmake = fs::read_file(dir.path() / "CMakeLists.txt").value_or("");
    EXPECT_NE(cmake.find("project(cdkpp_e2e_init_my_service LANGUAGES CXX)"), std::string::npos) << cmake;
    EXPECT_NE(cmake.find("find_package(cdkpp 0."), std::string::npos) << cmake;
    const auto cdk_json = Json::parse(fs::read_file(dir.path() / "cdk.json").value_or("{}"));
    EXPECT_NE(cdk_json.value("app", "").find("build/cdkpp_e2e_init_my_service"), std::string::npos);
    // aws-cdk-lib 2.276's recommended feature flags, as the stock `cdk init` writes them (89 of them).
    EXPECT_EQ(cdk_json["context"].value("@aws-cdk/aws-iam:minimizePolicies", false), true) << cdk_json.dump();
    EXPECT_EQ(cdk_json["context"].value("@aws-cdk/core:target-partitions", Json()),
              Json::array({"aws", "aws-cn"}));
    EXPECT_EQ(cdk_json["context"].size(), 89u);
    const auto main_cpp = fs::read_file(dir.path() / "main.cpp").value_or("");
    EXPECT_NE(main_cpp.find("class CdkppE2eInitMyServiceStack"), std::string::npos);
    EXPECT_EQ(main_cpp.find('%'), std::string::npos) << "a placeholder was left";
    EXPECT_EQ(fs::read_file(dir.path() / ".gitignore").value_or(""), "/build/\ncdk.out/\n");
}

TEST(CliTest, InitLeavesGitAloneInsideAWorkTreeAndCommitsOutsideOne) {
    TempDir dir("cdkpp_e2e_init_git");
    const auto outside = dir.path() / "outside";
    const auto repo = dir.path() / "repo";
    std::filesystem::create_directories(outside);
    std::filesystem::create_directories(repo / "app");
    const std::string identity = "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t "
                                 "GIT_COMMITTER_EMAIL=t@example.com ";
    const auto init = run_in(outside, identity + cdkpp() + " init app --language cpp");
    ASSERT_EQ(init.exit_code, 0) << init.err;
    const auto log = run_in(outside, "git log --format=%s");
    EXPECT_EQ(log.out, "Initial commit\n") << log.err;
    ASSERT_EQ(run_in(repo, "git init -q").exit_code, 0);
    const auto nested = run_in(repo / "app", identity + cdkpp() + " init app --language cpp");
    ASSERT_EQ(nested.exit_code, 0) << nested.err;
    EXPECT_TRUE(std::filesystem::exists(repo / "app" / "cdk.json"));
    EXPECT_FALSE(std::filesystem::exists(repo / "app" / ".git"));
}

TEST(CliTest, InitFailsInANonEmptyDirectory) {
    TempDir dir("cdkpp_e2e_init_nonempty");
    ASSERT_TRUE(fs::write_file_atomic(dir.path() / "notes.txt", "mine"));
    const auto run = run_in(dir.path(), cdkpp() + " init app --language cpp --name x");
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("`cdkpp init` cannot be run in a non-empty directory!"), std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("  - notes.txt"), std::string::npos) << run.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "cdk.json"));
}

TEST(CliTest, InitFailsForAnUnknownTemplateOrLanguageWithTheList) {
    TempDir dir("cdkpp_e2e_init_unknown");
    const auto tmpl = run_in(dir.path(), cdkpp() + " init website --language cpp");
    EXPECT_EQ(tmpl.exit_code, 1);
    EXPECT_NE(tmpl.err.find("unknown init template: 'website'"), std::string::npos) << tmpl.err;
    EXPECT_NE(tmpl.err.find("* app: "), std::string::npos) << tmpl.err;
    const auto lang = run_in(dir.path(), cdkpp() + " init app --language typescript");
    EXPECT_EQ(lang.exit_code, 1);
    EXPECT_NE(lang.err.find("the language 'typescript' is not supported for app (it supports: cpp)"),
              std::string::npos)
        << lang.err;
    EXPECT_NE(lang.err.find("* app: "), std::string::npos) << lang.err;
    const auto name = run_in(dir.path(), cdkpp() + " init app --language cpp --name 9lives");
    EXPECT_EQ(name.exit_code, 1);
    EXPECT_NE(name.err.find("must start with a letter"), std::string::npos) << name.err;
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

} // namespace
} // namespace cdk::e2e
