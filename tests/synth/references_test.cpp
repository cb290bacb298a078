#include "cfn/cfn_output.hpp"
#include "cfn/cfn_resource.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "synth/references.hpp"
#include "synth/stack_template.hpp"
#include "synth/synthesis.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

AppProps props(const std::string& name) {
    return {.outdir = ::testing::TempDir() + "/references_test_" + name};
}

TEST(References, SameEnvironmentBecomesExportAndImport) {
    App app(props("same"));
    const Environment env{"111111111111", "ap-southeast-2"};
    Stack producer(app, "Producer", {.env = env});
    Stack consumer(app, "Consumer", {.env = env});
    CfnResource queue(producer, "Queue", {.type = "AWS::SQS::Queue"});
    CfnResource param(consumer, "Param",
                      {.type = "AWS::SSM::Parameter",
                       .properties = {{"Value", queue.get_att("Arn")},
                                      {"Description", queue.ref()},
                                      {"Again", queue.ref()}}});
    prepare_app(app);
    const Json consumer_template = render_stack_template(consumer);
    const Json& props_out = consumer_template["Resources"]["Param"]["Properties"];
    EXPECT_EQ(props_out["Value"],
              (Json{{"Fn::ImportValue", "Producer:ExportsOutputFnGetAttQueueArn042C0F02"}}));
    EXPECT_EQ(props_out["Description"],
              (Json{{"Fn::ImportValue", "Producer:ExportsOutputRefQueueD6A24597"}}));
    const Json producer_template = render_stack_template(producer);
    ASSERT_EQ(producer_template["Outputs"].size(), 2U) << "one export per distinct value";
    EXPECT_EQ(producer_template["Outputs"]["ExportsOutputRefQueueD6A24597"],
              Json::parse(
                  R"({"Value":{"Ref":"Queue"},"Export":{"Name":"Producer:ExportsOutputRefQueueD6A24597"}})"));
    ASSERT_EQ(consumer.dependencies().size(), 1U);
    EXPECT_EQ(consumer.dependencies()[0].target, &producer);
    EXPECT_THROW(queue.override_logical_id("Renamed"), ValidationError) << "an exported logical id is locked";
}

TEST(References, FoundInOverridesAndLazyValues) {
    App app(props("overrides"));
    const Environment env{"111111111111", "ap-southeast-2"};
    Stack producer(app, "Producer", {.env = env});
    Stack consumer(app, "Consumer", {.env = env});
    CfnResource queue(producer, "Queue", {.type = "AWS::SQS::Queue"});
    CfnResource topic(producer, "Topic", {.type = "AWS::SNS::Topic"});
    CfnResource param(
        consumer, "Param",
        {.type = "AWS::SSM::Parameter",
         .properties = {{"Lazy", Lazy::any([&](ResolveContext&) { return Json(topic.ref()); })}}});
    param.add_property_override("Value", queue.get_att("Arn"));
    prepare_app(app);
    const Json props_out = render_stack_template(consumer)["Resources"]["Param"]["Properties"];
    EXPECT_EQ(props_out["Value"],
              (Json{{"Fn::ImportValue", "Producer:ExportsOutputFnGetAttQueueArn042C0F02"}}))
        << "a reference in an override is found";
    EXPECT_EQ(props_out["Lazy"]["Fn::ImportValue"], "Producer:ExportsOutputRefTopicA7DE468A")
        << "a reference produced by a lazy value is found";
    EXPECT_EQ(render_stack_template(producer)["Outputs"].size(), 2U);
    ASSERT_EQ(consumer.dependencies().size(), 1U);
}

TEST(ExportValue, GeneratedAndNamedExports) {
    App app(props("export_value"));
    Stack stack(app, "Producer");
    CfnResource queue(stack, "Queue", {.type = "AWS::SQS::Queue"});
    EXPECT_EQ(stack.resolve(export_value(stack, queue.get_att("Arn"))),
              (Json{{"Fn::ImportValue", "Producer:ExportsOutputFnGetAttQueueArn042C0F02"}}));
    EXPECT_EQ(stack.resolve(export_value(stack, queue.ref(), {.name = "my-queue"})),
              (Json{{"Fn::ImportValue", "my-queue"}}));
    const Json outputs = render_stack_template(stack)["Outputs"];
    EXPECT_TRUE(outputs.contains("ExportsOutputFnGetAttQueueArn042C0F02"));
    EXPECT_EQ(outputs["Exportmyqueue"]["Export"]["Name"], "my-queue");
    EXPECT_THROW((void)export_value(stack, "literal"), ValidationError);
}

TEST(References, SameStackStaysARef) {
    App app(props("local"));
    Stack stack(app, "S");
    CfnResource a(stack, "A", {.type = "AWS::X::A"});
    CfnResource b(stack, "B", {.type = "AWS::X::B", .properties = {{"P", a.ref()}}});
    prepare_app(app);
    EXPECT_EQ(render_stack_template(stack)["Resources"]["B"]["Properties"]["P"], (Json{{"Ref", "A"}}));
    EXPECT_TRUE(stack.dependencies().empty());
}

TEST(References, FailsAcrossEnvironmentsNamingBothPaths) {
    App app(props("cross_env"));
    Stack producer(app, "Producer", {.env = Environment{"111111111111", "ap-southeast-2"}});
    Stack consumer(app, "Consumer", {.env = Environment{"222222222222", "ap-southeast-2"}});
    CfnResource queue(producer, "Queue", {.type = "AWS::SQS::Queue"});
    CfnResource param(consumer, "Param",
                      {.type = "AWS::SSM::Parameter", .properties = {{"Value", queue.ref()}}});
    try {
        prepare_app(app);
        FAIL() << "expected a ValidationError";
    } catch (const ValidationError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("Consumer"), std::string::npos) << what;
        EXPECT_NE(what.find("Producer/Queue"), std::string::npos) << what;
        EXPECT_NE(what.find("aws://222222222222/ap-southeast-2"), std::string::npos) << what;
        EXPECT_EQ(e.path(), "Consumer/Param");
        EXPECT_EQ(e.value(), "Producer/Queue");
    }
}

TEST(References, FailsBetweenAgnosticAndSpecificStacks) {
    App app(props("agnostic"));
    Stack producer(app, "Producer");
    Stack consumer(app, "Consumer", {.env = Environment{"111111111111", "ap-southeast-2"}});
    CfnResource queue(producer, "Queue", {.type = "AWS::SQS::Queue"});
    CfnOutput out(consumer, "Out", {.value = queue.ref()});
    EXPECT_THROW(prepare_app(app), ValidationError);
}

TEST(References, FailsAcrossStages) {
    App app(props("stages"));
    Stack producer(app, "Producer");
    Stage stage(app, "Dev");
    Stack consumer(stage, "Consumer");
    CfnResource queue(producer, "Queue", {.type = "AWS::SQS::Queue"});
    CfnOutput out(consumer, "Out", {.value = queue.ref()});
    EXPECT_THROW(prepare_app(app), ValidationError);
}

TEST(ConstructDependencies, BecomeDependsOnAndStackDependencies) {
    App app(props("deps"));
    Stack s1(app, "S1");
    Stack s2(app, "S2");
    Construct group(s1, "Group");
    CfnResource a(group, "A", {.type = "AWS::X::A"});
    CfnResource b(s1, "B", {.type = "AWS::X::B"});
    CfnResource c(s2, "C", {.type = "AWS::X::C"});
    b.node().add_dependency(group);
    c.node().add_dependency(b);
    prepare_app(app);
    EXPECT_EQ(render_stack_template(s1)["Resources"]["B"]["DependsOn"], Json::array({a.logical_id()}));
    ASSERT_EQ(s2.dependencies().size(), 1U);
    EXPECT_EQ(s2.dependencies()[0].target, &s1);
}

TEST(Validation, CollectsEveryError) {
    App app(props("validation"));
    Stack stack(app, "S");
    stack.node().add_validation([] { return std::vector<std::string>{"first problem"}; });
    CfnResource r(stack, "R", {.type = "AWS::X::Y"});
    r.node().add_validation([] { return std::vector<std::string>{"second problem"}; });
    try {
        validate_tree(app);
        FAIL();
    } catch (const ValidationError& e) {
        EXPECT_NE(std::string(e.what()).find("[S] first problem"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("[S/R] second problem"), std::string::npos);
    }
}

TEST(Template, FailsOnDuplicateLogicalIds) {
    App app(props("dupes"));
    Stack stack(app, "S");
    CfnResource a(stack, "A", {.type = "AWS::X::Y"});
    CfnResource b(stack, "B", {.type = "AWS::X::Y"});
    b.override_logical_id("A");
    EXPECT_THROW((void)render_stack_template(stack), ValidationError);
}

} // namespace
} // namespace cdk
