#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

AppProps test_props() {
    return {.outdir = ::testing::TempDir() + "/stack_test_out"};
}

TEST(Stack, EnvironmentAgnosticByDefault) {
    App app(test_props());
    Stack stack(app, "MyStack");
    EXPECT_EQ(stack.stack_name(), "MyStack");
    EXPECT_EQ(stack.artifact_id(), "MyStack");
    EXPECT_TRUE(Token::is_unresolved(stack.account()));
    EXPECT_TRUE(stack.environment_agnostic());
    EXPECT_EQ(stack.environment(), "aws://unknown-account/unknown-region");
    EXPECT_EQ(stack.template_file(), "MyStack.template.json");
}

TEST(Stack, ExplicitEnvAndStageInheritance) {
    App app(test_props());
    Stack stack(app, "S", {.env = Environment{"111111111111", "ap-southeast-2"}});
    EXPECT_EQ(stack.environment(), "aws://111111111111/ap-southeast-2");
    Stage dev(app, "Dev", {.env = Environment{"222222222222", "us-east-1"}});
    Stack service(dev, "Service");
    EXPECT_EQ(service.account(), "222222222222");
    EXPECT_EQ(service.region(), "us-east-1");
}

TEST(Stack, NamesInsideStagesFollowTheCdk) {
    App app(test_props());
    Stage dev(app, "Dev");
    Stack service(dev, "Service");
    Stage inner(dev, "Inner");
    Stack worker(inner, "Worker");
    EXPECT_EQ(service.stack_name(), "Dev-Service");
    EXPECT_EQ(service.artifact_id(), "DevServiceED593074");
    EXPECT_EQ(worker.stack_name(), "Dev-Inner-Worker");
    EXPECT_EQ(worker.artifact_id(), "DevInnerWorker6F278E9A");
    EXPECT_EQ(dev.artifact_id(), "assembly-Dev");
    EXPECT_EQ(inner.artifact_id(), "assembly-Dev-Inner");
    EXPECT_EQ(inner.stage_name(), "Dev-Inner");
}

TEST(Stack, FailsOnInvalidNames) {
    App app(test_props());
    EXPECT_THROW(Stack(app, "Bad", {.stack_name = "1starts-with-digit"}), ValidationError);
    EXPECT_THROW(Stack(app, "Bad2", {.stack_name = "has_underscore"}), ValidationError);
    EXPECT_THROW(Stack(app, "Bad3", {.stack_name = std::string(129, 'a')}), ValidationError);
    EXPECT_THROW(Stack(app, "Bad4", {.description = std::string(513, 'd')}), ValidationError);
    try {
        Stack s(app, "Bad5", {.stack_name = "no spaces"});
        FAIL();
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.path(), "Bad5");
        EXPECT_EQ(e.value(), "no spaces");
    }
}

TEST(Stack, DependenciesRejectCycles) {
    App app(test_props());
    Stack a(app, "A");
    Stack b(app, "B");
    Stack c(app, "C");
    b.add_dependency(a);
    c.add_dependency(b);
    EXPECT_TRUE(c.depends_on(a));
    EXPECT_THROW(a.add_dependency(c), ValidationError);
    Stage stage(app, "St");
    Stack inner(stage, "Inner");
    EXPECT_THROW(inner.add_dependency(a), ValidationError);
}

TEST(Stack, OfFindsEnclosingStack) {
    App app(test_props());
    Stack stack(app, "S");
    Construct group(stack, "G");
    Construct leaf(group, "L");
    EXPECT_EQ(&Stack::of(leaf), &stack);
    EXPECT_EQ(Stack::try_of(app), nullptr);
    EXPECT_THROW((void)Stack::of(app), ValidationError);
    EXPECT_EQ(stack.allocate_logical_id(leaf), make_unique_id({"G", "L"}));
    EXPECT_EQ(stack.allocate_logical_id(group), "G");
}

TEST(App, ReadsTheCliEnvironment) {
    ::setenv("CDK_CONTEXT_JSON", R"({"from-cli": "yes", "shared": "cli"})", 1);
    ::setenv("CDK_OUTDIR", (::testing::TempDir() + "/from_env").c_str(), 1);
    ::setenv("CDK_DEFAULT_ACCOUNT", "123456789012", 1);
    ::setenv("CDK_DEFAULT_REGION", "eu-west-1", 1);
    {
        App app({.context = {{"shared", "props"}, {"only-props", 1}}});
        EXPECT_EQ(app.node().try_get_context("from-cli"), Json("yes"));
        EXPECT_EQ(app.node().try_get_context("shared"), Json("cli"));
        EXPECT_EQ(app.node().try_get_context("only-props"), Json(1));
        EXPECT_EQ(app.outdir(), ::testing::TempDir() + "/from_env");
        EXPECT_EQ(app.default_account(), "123456789012");
        EXPECT_EQ(app.default_region(), "eu-west-1");
    }
    ::unsetenv("CDK_CONTEXT_JSON");
    ::unsetenv("CDK_OUTDIR");
    ::unsetenv("CDK_DEFAULT_ACCOUNT");
    ::unsetenv("CDK_DEFAULT_REGION");
}

TEST(App, FailsOnMalformedContext) {
    ::setenv("CDK_CONTEXT_JSON", "[1,2", 1);
    EXPECT_THROW(App{test_props()}, ValidationError);
    ::unsetenv("CDK_CONTEXT_JSON");
}

} // namespace
} // namespace cdk
