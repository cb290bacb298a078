#include "localcloud/codebuild/buildspec.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::codebuild {
namespace {

TEST(BuildSpecTest, ParsesEveryKeyOfVersion02) {
    auto spec = parse_buildspec(R"(version: 0.2
env:
  shell: /bin/sh
  variables: {A: "1", B: two}
  parameter-store: {P: /x/y}
  secrets-manager: {S: "arn:aws:secretsmanager:r:1:secret:s:key::"}
  exported-variables: [A]
phases:
  install:
    on-failure: CONTINUE
    commands: [echo a, echo b]
    finally: echo f
  build:
    commands:
      - make
artifacts:
  files: ['**/*']
  base-directory: dist
  discard-paths: yes
  name: out.zip
  secondary-artifacts:
    docs: {files: [docs/*], exclude-paths: [docs/tmp*]}
cache:
  paths: [node_modules/**/*]
)");
    ASSERT_TRUE(spec) << spec.error().to_string();
    EXPECT_EQ(spec->shell, "/bin/sh");
    EXPECT_EQ(spec->variables, (std::vector<std::pair<std::string, std::string>>{{"A", "1"}, {"B", "two"}}));
    EXPECT_EQ(spec->parameter_store[0].second, "/x/y");
    EXPECT_EQ(spec->secrets_manager[0].first, "S");
    EXPECT_EQ(spec->exported_variables, std::vector<std::string>{"A"});
    EXPECT_EQ(spec->phases.at("install").commands, (std::vector<std::string>{"echo a", "echo b"}));
    EXPECT_EQ(spec->phases.at("install").finally, std::vector<std::string>{"echo f"});
    EXPECT_EQ(spec->phases.at("install").on_failure, "CONTINUE");
    EXPECT_EQ(spec->phases.at("build").on_failure, "ABORT");
    ASSERT_TRUE(spec->artifacts);
    EXPECT_TRUE(spec->artifacts->discard_paths);
    EXPECT_EQ(spec->artifacts->base_directory, "dist");
    EXPECT_EQ(spec->artifacts->name, "out.zip");
    EXPECT_EQ(spec->secondary_artifacts.at("docs").exclude_paths, std::vector<std::string>{"docs/tmp*"});
    EXPECT_EQ(spec->cache_paths, std::vector<std::string>{"node_modules/**/*"});
}

TEST(BuildSpecTest, JsonTextIsABuildSpecToo) {
    // What the CDK's BuildSpec.fromObject writes.
    auto spec =
        parse_buildspec(R"({"version": "0.2", "phases": {"build": {"commands": ["npx cdk synth"]}}})");
    ASSERT_TRUE(spec) << spec.error().to_string();
    EXPECT_EQ(spec->phases.at("build").commands[0], "npx cdk synth");
}

TEST(BuildSpecTest, RefusesWhatCodeBuildRefuses) {
    const std::pair<const char*, const char*> cases[] = {
        {"version: 0.1\n", "invalid buildspec version"},
        {"phases: {}\n", "missing buildspec version"},
        {"version: 0.2\nphases:\n  compile: {commands: [x]}\n", "unknown phase name: compile"},
        {"version: 0.2\nphases:\n  build: {on-failure: RETRY, commands: [x]}\n",
         "invalid value for on-failure"},
        {"version: 0.2\nenv:\n  shell: zsh\n", "invalid shell zsh"},
        {"version: 0.2\nenv:\n  colours: {}\n", "unknown env key colours"},
        {"version: 0.2\nartifacts:\n  files: {a: b}\n", "Expected artifacts.files to be of array type"},
        {"version: 0.2\nphases: [\n", "Error parsing YAML"},
        {"- just a list\n", "buildspec must be a YAML map"},
    };
    for (const auto& [text, message] : cases) {
        auto spec = parse_buildspec(text);
        ASSERT_FALSE(spec) << text;
        EXPECT_EQ(spec.error().code, "YAML_FILE_ERROR");
        EXPECT_NE(spec.error().message.find(message), std::string::npos)
            << text << " -> " << spec.error().message;
    }
    EXPECT_FALSE(parse_buildspec("version: 0.2\n" + std::string(kMaxBuildSpecBytes, '#')));
}

TEST(BuildSpecTest, GlobsMatchAsCodeBuildArtifactPaths) {
    EXPECT_TRUE(glob_match("**/*", "a.txt"));
    EXPECT_TRUE(glob_match("**/*", "a/b/c.txt"));
    EXPECT_TRUE(glob_match("*.txt", "a.txt"));
    EXPECT_FALSE(glob_match("*.txt", "a/b.txt"));
    EXPECT_TRUE(glob_match("**/*.txt", "b.txt"));
    EXPECT_TRUE(glob_match("**/*.txt", "a/b/c.txt"));
    EXPECT_FALSE(glob_match("**/*.txt", "a/b/c.log"));
    EXPECT_TRUE(glob_match("dist/**/*", "dist/x/y"));
    EXPECT_FALSE(glob_match("dist/**/*", "other/x"));
    EXPECT_TRUE(glob_match("./target/app.jar", "target/app.jar"));
    EXPECT_TRUE(glob_match("a?c", "abc"));
    EXPECT_FALSE(glob_match("a?c", "a/c"));
    EXPECT_FALSE(glob_match("dist", "dist/x"));
}

TEST(BuildSpecTest, ArtifactNamesExpandVariables) {
    const std::map<std::string, std::string> env{{"V", "1.2"}, {"N", "7"}};
    EXPECT_EQ(expand_variables("app-$V-${N}.zip", env), "app-1.2-7.zip");
    // As the shell: unknown names (and $5, a positional parameter) are empty; a lone $ stays.
    EXPECT_EQ(expand_variables("cost-$5 $UNSET end$", env), "cost-  end$");
}

} // namespace
} // namespace cdk::localcloud::codebuild
