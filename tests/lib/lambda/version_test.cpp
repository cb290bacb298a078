// lambda::Version, Function::current_version, Alias and EventInvokeConfig: what the golden cases do not pin
// down.
#include "constructs/app.hpp"
#include "constructs/aspects.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/lambda/alias.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda/version.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace iam = cdk::iam;
namespace lambda = cdk::lambda;
using cdk::Json;

namespace {

lambda::FunctionProps scratch_props() {
    return {.runtime = lambda::Runtime::NODEJS_20_X,
            .handler = "index.handler",
            .code = lambda::Code::from_inline("exports.handler = async () => 1;"),
            .memory_size = 256,
            .timeout = cdk::Duration::seconds(30),
            .description = "d",
            .reserved_concurrent_executions = 5};
}

/// The logical id of the (only) AWS::Lambda::Version after the aspects ran.
std::string version_id(cdk::App& app, cdk::Stack& stack) {
    cdk::Aspects::invoke_all(app);
    const Json t = cdk::render_stack_template(stack);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::Lambda::Version") return id;
    }
    return {};
}

} // namespace

// The stock `cdk synth` of the same function (aws-cdk-lib 2.276) names the version
// FCurrentVersion58B8A55D4fa7399e653e446465025ce640b72d37: the hash covers the environment added after
// currentVersion was read, and not the reserved concurrency.
TEST(CurrentVersion, LogicalIdIsTheStockHashOfTheFinalConfiguration) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    (void)f.current_version();
    f.add_environment("B", "1");
    f.add_environment("A", "2");
    EXPECT_EQ(version_id(app, stack), "FCurrentVersion58B8A55D4fa7399e653e446465025ce640b72d37");
}

TEST(CurrentVersion, RecognizeLayerVersionFlagAddsTheLayersHash) {
    cdk::App app({.context = {{"@aws-cdk/aws-lambda:recognizeLayerVersion", true}}});
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    (void)f.current_version();
    f.add_environment("B", "1");
    f.add_environment("A", "2");
    // aws-cdk-lib 2.276 with the flag in cdk.json.
    EXPECT_EQ(version_id(app, stack), "FCurrentVersion58B8A55Dfdaf7f9ef2975080332a883eae5da057");
}

TEST(CurrentVersion, ReservedConcurrencyDoesNotChangeTheHashButMemoryDoes) {
    auto hash_of = [](const lambda::FunctionProps& props) {
        cdk::App app;
        cdk::Stack stack(app, "S");
        lambda::Function f(stack, "F", props);
        return lambda::detail::calculate_function_hash(f);
    };
    lambda::FunctionProps base = scratch_props();
    lambda::FunctionProps other_reserved = base;
    other_reserved.reserved_concurrent_executions = 9;
    lambda::FunctionProps other_memory = base;
    other_memory.memory_size = 512;
    EXPECT_EQ(hash_of(base), hash_of(other_reserved));
    EXPECT_NE(hash_of(base), hash_of(other_memory));
    EXPECT_EQ(hash_of(base).size(), 32u);
}

TEST(CurrentVersion, UnclassifiedPropertyIsRefused) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    f.resource().add_property_override("SomethingNew", "x");
    try {
        (void)lambda::detail::calculate_function_hash(f);
        FAIL() << "expected a ValidationError";
    } catch (const cdk::ValidationError& e) {
        EXPECT_NE(std::string(e.what()).find("[SomethingNew]"), std::string::npos) << e.what();
    }
}

TEST(CurrentVersion, RecognizeVersionPropsOffIsRefused) {
    cdk::App app({.context = {{"@aws-cdk/aws-lambda:recognizeVersionProps", false}}});
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    EXPECT_THROW((void)lambda::detail::calculate_function_hash(f), cdk::ValidationError);
}

TEST(CurrentVersion, IsCreatedOnce) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    EXPECT_EQ(&f.current_version(), &f.current_version());
    EXPECT_EQ(f.current_version().node().path(), "S/F/CurrentVersion");
}

TEST(JsStringify, WritesNumbersAndStringsAsJavaScript) {
    EXPECT_EQ(lambda::detail::js_stringify(Json::parse(R"({"b":[1,2.5,128.0],"a":"x\n\"y"})")),
              R"({"a":"x\n\"y","b":[1,2.5,128]})");
}

TEST(Version, ProvisionedConcurrencyMustBePositiveAndRemovalPolicyIsOptional) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    EXPECT_THROW(lambda::Version(stack, "Bad", {.lambda = &f, .provisioned_concurrent_executions = 0}),
                 cdk::ValidationError);
    lambda::Version v(stack, "V", {.lambda = &f});
    lambda::Version kept(stack, "K", {.lambda = &f, .removal_policy = cdk::RemovalPolicy::Retain});
    const Json t = cdk::render_stack_template(stack);
    EXPECT_FALSE(t["Resources"][v.resource().logical_id()].contains("DeletionPolicy"));
    EXPECT_EQ(t["Resources"][kept.resource().logical_id()]["DeletionPolicy"], "Retain");
}

TEST(Version, GrantInvokeNamesOnlyTheVersionAndUrlsAreRefused) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    lambda::Version v(stack, "V", {.lambda = &f});
    EXPECT_EQ(v.resource_arns_for_grant_invoke(), std::vector<std::string>{v.function_arn()});
    EXPECT_EQ(f.resource_arns_for_grant_invoke().size(), 2u);
    EXPECT_EQ(&v.grant_principal(), &f.grant_principal());
    lambda::Alias a(stack, "A", {.alias_name = "live", .version = &v});
    EXPECT_NO_THROW(a.add_function_url());
}

TEST(EventInvokeConfig, RangesAndOncePerFunction) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    EXPECT_THROW(f.configure_async_invoke({.max_event_age = cdk::Duration::seconds(30)}),
                 cdk::ValidationError);
    EXPECT_THROW(f.configure_async_invoke({.retry_attempts = 3}), cdk::ValidationError);
    f.configure_async_invoke({.retry_attempts = 2});
    EXPECT_THROW(f.configure_async_invoke({.retry_attempts = 1}), cdk::ValidationError);
    const Json t = cdk::render_stack_template(stack);
    bool found = false;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] != "AWS::Lambda::EventInvokeConfig") continue;
        found = true;
        EXPECT_EQ(r["Properties"]["Qualifier"], "$LATEST");
        EXPECT_EQ(r["Properties"]["MaximumRetryAttempts"], 2);
    }
    EXPECT_TRUE(found);
}

TEST(Alias, WeightsAreValidated) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    lambda::Version v1(stack, "V1", {.lambda = &f});
    lambda::Version v2(stack, "V2", {.lambda = &f});
    lambda::Version v3(stack, "V3", {.lambda = &f});
    EXPECT_THROW(lambda::Alias(stack, "TooBig",
                               {.alias_name = "a", .version = &v1, .additional_versions = {{&v2, 1.5}}}),
                 cdk::ValidationError);
    EXPECT_THROW(
        lambda::Alias(stack, "TooMuch",
                      {.alias_name = "b", .version = &v1, .additional_versions = {{&v2, 0.6}, {&v3, 0.5}}}),
        cdk::ValidationError);
    EXPECT_THROW(lambda::Alias(stack, "NoName", {.version = &v1}), cdk::ValidationError);
    lambda::Alias ok(stack, "Ok", {.alias_name = "ok", .version = &v1, .additional_versions = {{&v2, 0.5}}});
    const Json t = cdk::render_stack_template(stack);
    EXPECT_EQ(t["Resources"][ok.resource().logical_id()]["Properties"]["RoutingConfig"]
               ["AdditionalVersionWeights"][0]["FunctionWeight"],
              0.5);
}

TEST(Alias, AddAliasNamesTheChildAfterTheAlias) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    lambda::Alias& a = f.add_alias("prod");
    EXPECT_EQ(a.node().path(), "S/F/Aliasprod");
    EXPECT_EQ(&a.version(), static_cast<lambda::IVersion*>(&f.current_version()));
    EXPECT_EQ(&a.lambda(), static_cast<lambda::IFunction*>(&f));
}

TEST(Alias, GrantToARoleNamesTheAlias) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F", scratch_props());
    lambda::Alias& a = f.add_alias("prod");
    iam::Role r(stack, "R", {.assumed_by = iam::ServicePrincipal("ec2.amazonaws.com")});
    a.grant_invoke(r);
    const Json t = cdk::render_stack_template(stack);
    bool found = false;
    for (const auto& [id, res] : t["Resources"].items()) {
        if (res["Type"] != "AWS::IAM::Policy") continue;
        found = true;
        EXPECT_EQ(res["Properties"]["PolicyDocument"]["Statement"][0]["Resource"],
                  Json({{"Ref", a.resource().logical_id()}}));
    }
    EXPECT_TRUE(found);
}
