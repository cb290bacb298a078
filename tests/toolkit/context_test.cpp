#include "toolkit/cloud_executable.hpp"
#include "toolkit/context.hpp"

#include <gtest/gtest.h>

namespace cdk::toolkit {
namespace {

TEST(ContextTest, ParsesKeyEqualsValue) {
    auto kv = parse_context_argument("stage=dev=1");
    ASSERT_TRUE(kv);
    EXPECT_EQ(kv->first, "stage");
    EXPECT_EQ(kv->second, "dev=1");
    auto empty = parse_context_argument("flag=");
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->second, "");
    for (const char* bad : {"novalue", "=x"}) {
        auto r = parse_context_argument(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, "ContextArgumentInvalid");
        EXPECT_NE(r.error().message.find("KEY=VALUE"), std::string::npos);
    }
}

TEST(ContextTest, DefaultsTheStockCliPasses) {
    const Json d = default_context();
    EXPECT_EQ(d["aws:cdk:enable-path-metadata"], true);
    EXPECT_EQ(d["aws:cdk:enable-asset-metadata"], true);
    EXPECT_EQ(d["aws:cdk:version-reporting"], true);
    EXPECT_EQ(d["aws:cdk:bundling-stacks"], Json::array({"**"}));
}

TEST(ContextTest, PrecedenceCommandLineThenSavedThenUserThenProject) {
    ProjectSettings s;
    s.project_context = {{"a", "project"},
                         {"b", "project"},
                         {"c", "project"},
                         {"d", "project"},
                         {"aws:cdk:version-reporting", false}};
    s.user_context = {{"b", "user"}, {"c", "user"}, {"d", "user"}};
    s.saved_context = {{"c", "saved"}, {"d", "saved"}};
    const Json ctx = build_context(s, {{"d", "cli"}});
    EXPECT_EQ(ctx["a"], "project");
    EXPECT_EQ(ctx["b"], "user");
    EXPECT_EQ(ctx["c"], "saved");
    EXPECT_EQ(ctx["d"], "cli");
    EXPECT_EQ(ctx["aws:cdk:version-reporting"], false);
    EXPECT_EQ(ctx["aws:cdk:enable-path-metadata"], true);
}

TEST(AppEnvironmentTest, SetsTheProtocolVariables) {
    AppRunRequest r;
    r.working_dir = "/proj";
    r.output_dir = "out";
    r.context = {{"k", "v"}};
    r.default_account = "111111111111";
    r.default_region = "ap-southeast-2";
    r.environment = {{"PATH", "/bin"}, {"CONTEXT_OVERFLOW_LOCATION_ENV", "/stale"}};
    const AppEnvironment env = prepare_app_environment(r);
    EXPECT_EQ(env.variables.at("CDK_OUTDIR"), "/proj/out");
    EXPECT_EQ(env.variables.at("CDK_CONTEXT_JSON"), R"({"k":"v"})");
    EXPECT_EQ(env.variables.at("CDK_DEFAULT_ACCOUNT"), "111111111111");
    EXPECT_EQ(env.variables.at("CDK_DEFAULT_REGION"), "ap-southeast-2");
    EXPECT_EQ(env.variables.at("CDK_CLI_ASM_VERSION"), "55.0.0");
    EXPECT_EQ(env.variables.at("PATH"), "/bin");
    EXPECT_EQ(env.variables.count("CONTEXT_OVERFLOW_LOCATION_ENV"), 0u);
    EXPECT_TRUE(env.overflow.is_null());
}

TEST(AppEnvironmentTest, LargeContextOverflowsInOrder) {
    AppRunRequest r;
    r.working_dir = "/p";
    r.output_dir = "/o";
    r.environment_size_limit = 4096;
    r.context = Json::object();
    const std::string big(1000, 'x');
    for (char c = 'a'; c <= 'h'; ++c)
        r.context[std::string(1, c)] = big;
    const AppEnvironment env = prepare_app_environment(r);
    const Json small = Json::parse(env.variables.at("CDK_CONTEXT_JSON"));
    ASSERT_TRUE(env.overflow.is_object());
    EXPECT_EQ(small.size() + env.overflow.size(), 8u);
    EXPECT_GE(small.size(), 2u);
    EXPECT_TRUE(small.contains("a"));        // entries go in order until the limit...
    EXPECT_TRUE(env.overflow.contains("h")); // ...the rest overflow
    std::size_t total = 0;
    for (const auto& [k, v] : env.variables)
        total += k.size() + v.size();
    EXPECT_LE(total, 4096u);
}

} // namespace
} // namespace cdk::toolkit
