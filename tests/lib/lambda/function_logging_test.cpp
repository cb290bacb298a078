// lambda::Function's logging: @aws-cdk/aws-lambda:useCdkManagedLogGroup (aws-cdk-lib 2.276: a LogGroup child
// `/aws/lambda/<name>` when no log group is given), the log_group prop and LoggingConfig.
#include "constructs/annotations.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "lib/lambda/function.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace lambda = cdk::lambda;
using cdk::Json;

namespace {

const char* const kFlag = "@aws-cdk/aws-lambda:useCdkManagedLogGroup";

lambda::FunctionProps props() {
    return {.runtime = lambda::Runtime::NODEJS_20_X,
            .handler = "index.handler",
            .code = lambda::Code::from_inline("x")};
}

std::vector<std::string> ids_of_type(cdk::Stack& stack, const std::string& type) {
    std::vector<std::string> ids;
    const Json t = cdk::render_stack_template(stack);
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == type) ids.push_back(id);
    }
    return ids;
}

size_t flag_warnings(const cdk::Construct& c) {
    size_t n = 0;
    for (const auto& e : c.node().metadata()) {
        if (e.type == cdk::Annotations::kWarning &&
            e.data.get<std::string>().find(kFlag) != std::string::npos)
            ++n;
    }
    return n;
}

} // namespace

TEST(FunctionLogging, FlagOffCreatesNoLogGroup) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function fn(stack, "Fn", props());
    EXPECT_EQ(fn.log_group(), nullptr);
    EXPECT_TRUE(ids_of_type(stack, "AWS::Logs::LogGroup").empty());
    EXPECT_FALSE(
        cdk::render_stack_template(stack)["Resources"][fn.resource().logical_id()]["Properties"].contains(
            "LoggingConfig"));
}

TEST(FunctionLogging, FlagOnCreatesTheLogGroupAsAwsCdkLib) {
    for (const Json& on : {Json(true), Json("true")}) {
        cdk::App app({.context = {{kFlag, on}}});
        cdk::Stack stack(app, "S");
        lambda::Function fn(stack, "Fn", props());
        ASSERT_NE(fn.log_group(), nullptr);
        EXPECT_EQ(flag_warnings(fn), 0U) << "the flag is implemented: no warning";
        const auto ids = ids_of_type(stack, "AWS::Logs::LogGroup");
        ASSERT_EQ(ids.size(), 1U);
        // The child `LogGroup` of `Fn` (its Resource hidden), as aws-cdk-lib names it.
        EXPECT_EQ(ids[0], cdk::make_unique_id({"Fn", "LogGroup", "Resource"}));
        const Json t = cdk::render_stack_template(stack);
        const Json& group = t["Resources"][ids[0]];
        EXPECT_EQ(group["Properties"],
                  Json({{"LogGroupName",
                         {{"Fn::Join", {"", {"/aws/lambda/", {{"Ref", fn.resource().logical_id()}}}}}}},
                        {"RetentionInDays", 731}}));
        EXPECT_EQ(group["DeletionPolicy"], "Retain");
        EXPECT_EQ(group["UpdateReplacePolicy"], "Retain");
        // Lambda writes to /aws/lambda/<name> by default: no LoggingConfig.
        EXPECT_FALSE(t["Resources"][fn.resource().logical_id()]["Properties"].contains("LoggingConfig"));
    }
}

TEST(FunctionLogging, GivenLogGroupIsUsedInsteadOfTheManagedOne) {
    cdk::App app({.context = {{kFlag, true}}});
    cdk::Stack stack(app, "S");
    cdk::logs::LogGroup group(stack, "Group");
    auto p = props();
    p.log_group = &group;
    lambda::Function fn(stack, "Fn", p);
    EXPECT_EQ(fn.log_group(), &group);
    EXPECT_EQ(ids_of_type(stack, "AWS::Logs::LogGroup").size(), 1U);
    EXPECT_EQ(cdk::render_stack_template(
                  stack)["Resources"][fn.resource().logical_id()]["Properties"]["LoggingConfig"],
              Json({{"LogGroup", {{"Ref", group.resource().logical_id()}}}}));
}

TEST(FunctionLogging, FormatAndLevels) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    auto p = props();
    p.logging_format = lambda::LoggingFormat::Json;
    p.application_log_level = lambda::ApplicationLogLevel::Debug;
    p.system_log_level = lambda::SystemLogLevel::Warn;
    lambda::Function fn(stack, "Fn", p);
    EXPECT_EQ(cdk::render_stack_template(
                  stack)["Resources"][fn.resource().logical_id()]["Properties"]["LoggingConfig"],
              Json({{"ApplicationLogLevel", "DEBUG"}, {"LogFormat", "JSON"}, {"SystemLogLevel", "WARN"}}));
    auto text = props();
    text.logging_format = lambda::LoggingFormat::Text;
    lambda::Function plain(stack, "Plain", text);
    EXPECT_EQ(cdk::render_stack_template(
                  stack)["Resources"][plain.resource().logical_id()]["Properties"]["LoggingConfig"],
              Json({{"LogFormat", "Text"}}));
    auto bad = props();
    bad.application_log_level = lambda::ApplicationLogLevel::Info;
    EXPECT_THROW(lambda::Function(stack, "Bad", bad), cdk::ValidationError);
    bad.logging_format = lambda::LoggingFormat::Text;
    EXPECT_THROW(lambda::Function(stack, "Bad2", bad), cdk::ValidationError);
}
