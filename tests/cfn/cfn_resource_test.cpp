#include "cfn/cfn_condition.hpp"
#include "cfn/cfn_mapping.hpp"
#include "cfn/cfn_output.hpp"
#include "cfn/cfn_parameter.hpp"
#include "cfn/cfn_resource.hpp"
#include "cfn/cfn_rule.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

Json render(const CfnElement& e) {
    return e.stack().resolve(e.to_cloudformation());
}

class CfnTest : public ::testing::Test {
protected:
    App app{{.outdir = ::testing::TempDir() + "/cfn_test_out"}};
    Stack stack{app, "S"};
};

TEST_F(CfnTest, ResourceRendersAttributesAndOverrides) {
    CfnResource queue(stack, "Queue",
                      {.type = "AWS::SQS::Queue", .properties = {{"VisibilityTimeout", 300}}});
    queue.apply_removal_policy(RemovalPolicy::Retain);
    CfnResource topic(stack, "Topic", {.type = "AWS::SNS::Topic", .properties = {{"DisplayName", "alerts"}}});
    topic.add_dependency(queue);
    CfnResource sub(
        stack, "Subscription",
        {.type = "AWS::SNS::Subscription",
         .properties = {{"Protocol", "sqs"}, {"TopicArn", topic.ref()}, {"Endpoint", queue.get_att("Arn")}}});
    sub.add_property_override("RawMessageDelivery", true);
    sub.add_override("Metadata.Note", "hand-written");

    EXPECT_EQ(render(queue), Json::parse(R"({"Resources":{"Queue":{"Type":"AWS::SQS::Queue",
        "Properties":{"VisibilityTimeout":300},"UpdateReplacePolicy":"Retain","DeletionPolicy":"Retain"}}})"));
    EXPECT_EQ(render(topic)["Resources"]["Topic"]["DependsOn"], Json::array({"Queue"}));
    EXPECT_EQ(render(sub), Json::parse(R"({"Resources":{"Subscription":{"Type":"AWS::SNS::Subscription",
        "Properties":{"Protocol":"sqs","TopicArn":{"Ref":"Topic"},"Endpoint":{"Fn::GetAtt":["Queue","Arn"]},
        "RawMessageDelivery":true},"Metadata":{"Note":"hand-written"}}}})"));
}

TEST_F(CfnTest, DeletionOverridesAndEscapedDots) {
    CfnResource r(stack, "R", {.type = "AWS::X::Y", .properties = {{"A", 1}, {"B", {{"C", 2}}}}});
    r.add_property_deletion_override("A");
    r.add_property_deletion_override("B.C");
    r.add_override("Properties.Key\\.With\\.Dots", "v");
    EXPECT_EQ(render(r)["Resources"]["R"]["Properties"], Json::parse(R"({"Key.With.Dots":"v"})"));
    CfnResource empty(stack, "Empty", {.type = "AWS::X::Y", .properties = {{"A", 1}}});
    empty.add_property_deletion_override("A");
    EXPECT_FALSE(render(empty)["Resources"]["Empty"].contains("Properties"));
}

TEST_F(CfnTest, CrossStackDependencyBecomesStackDependency) {
    Stack other(app, "Other");
    CfnResource a(stack, "A", {.type = "AWS::X::Y"});
    CfnResource b(other, "B", {.type = "AWS::X::Y"});
    a.add_dependency(b);
    ASSERT_EQ(stack.dependencies().size(), 1U);
    EXPECT_EQ(stack.dependencies()[0].target, &other);
    EXPECT_TRUE(a.depends_on().empty());
}

TEST_F(CfnTest, TypedSubclassRendersItsProperties) {
    struct CfnThing : CfnResource {
        CfnThing(Construct& scope, std::string_view id, std::string name)
            : CfnResource(scope, id, {.type = "AWS::Test::Thing"}), name_(std::move(name)) {}
        Json cfn_properties() const override { return {{"ThingName", name_}}; }
        Json render_properties(Json resolved) const override {
            resolved["Rendered"] = true;
            return resolved;
        }
        std::string name_;
    };
    CfnThing thing(stack, "Thing", "n-" + Aws::REGION);
    thing.add_property_override("Extra", 1);
    EXPECT_EQ(render(thing)["Resources"]["Thing"]["Properties"], Json::parse(R"({"ThingName":
        {"Fn::Join":["",["n-",{"Ref":"AWS::Region"}]]},"Rendered":true,"Extra":1})"));
}

TEST_F(CfnTest, FailsWithoutTypeOrValue) {
    EXPECT_THROW(CfnResource(stack, "NoType", {}), ValidationError);
    EXPECT_THROW(CfnOutput(stack, "NoValue", {}), ValidationError);
}

TEST_F(CfnTest, ParametersConditionsMappingsRulesOutputs) {
    CfnParameter stage(stack, "Stage",
                       {.type = "String",
                        .default_value = "dev",
                        .allowed_values = {"dev", "prod"},
                        .description = "deployment stage"});
    CfnParameter size(stack, "Size", {.type = "Number", .default_value = 1, .max_value = 10, .min_value = 1});
    CfnCondition is_prod(stack, "IsProd",
                         {.expression = Fn::condition_equals(stage.value_as_string(), "prod")});
    CfnMapping map(stack, "RegionMap", {.mapping = {{"ap-southeast-2", {{"Ami", "ami-123"}}}}});
    CfnRule rule(stack, "Rule", {.rule_condition = Fn::condition_equals(stage.value_as_string(), "prod")});
    rule.add_assertion(Fn::condition_equals(Aws::REGION, "ap-southeast-2"), "prod must be in Sydney");
    CfnOutput out(stack, "Out",
                  {.value = Fn::condition_if("IsProd", "big", "small"),
                   .description = "d",
                   .export_name = "exp",
                   .condition = &is_prod});

    EXPECT_EQ(render(stage), Json::parse(R"({"Parameters":{"Stage":{"Type":"String","Default":"dev",
        "AllowedValues":["dev","prod"],"Description":"deployment stage"}}})"));
    EXPECT_EQ(
        render(size),
        Json::parse(R"({"Parameters":{"Size":{"Type":"Number","Default":1,"MaxValue":10,"MinValue":1}}})"));
    EXPECT_EQ(render(is_prod),
              Json::parse(R"({"Conditions":{"IsProd":{"Fn::Equals":[{"Ref":"Stage"},"prod"]}}})"));
    EXPECT_EQ(stack.resolve(Fn::condition_not(is_prod.expression())),
              Json::parse(R"({"Fn::Not":[{"Condition":"IsProd"}]})"));
    EXPECT_EQ(stack.resolve(map.find_in_map(Aws::REGION, "Ami")),
              Json::parse(R"({"Fn::FindInMap":["RegionMap",{"Ref":"AWS::Region"},"Ami"]})"));
    EXPECT_THROW((void)map.find_in_map("eu-west-1", "Ami"), ValidationError);
    EXPECT_EQ(render(rule),
              Json::parse(R"({"Rules":{"Rule":{"RuleCondition":{"Fn::Equals":[{"Ref":"Stage"},"prod"]},
        "Assertions":[{"Assert":{"Fn::Equals":[{"Ref":"AWS::Region"},"ap-southeast-2"]},"AssertDescription":"prod must be in Sydney"}]}}})"));
    EXPECT_EQ(render(out),
              Json::parse(R"({"Outputs":{"Out":{"Description":"d","Value":{"Fn::If":["IsProd","big","small"]},
        "Export":{"Name":"exp"},"Condition":"IsProd"}}})"));
    EXPECT_EQ(stack.resolve(out.import_value()), (Json{{"Fn::ImportValue", "exp"}}));
    EXPECT_THROW((void)stage.value_as_number(), ValidationError);
    EXPECT_EQ(stack.resolve(size.value_as_number()), (Json{{"Ref", "Size"}}));
}

TEST_F(CfnTest, LogicalIdsFromPathAndOverride) {
    Construct group(stack, "Group");
    CfnResource param(group, "Param", {.type = "AWS::SSM::Parameter"});
    EXPECT_EQ(param.logical_id(), "GroupParamD5A2EEF2");
    param.override_logical_id("Custom");
    EXPECT_EQ(param.logical_id(), "Custom");
    EXPECT_EQ(stack.resolve(param.ref()), (Json{{"Ref", "Custom"}}));
    EXPECT_THROW(param.override_logical_id("not-valid!"), ValidationError);
    param.lock_logical_id();
    EXPECT_THROW(param.override_logical_id("Other"), ValidationError);
}

TEST_F(CfnTest, PathMetadataWhenEnabled) {
    App app2({.outdir = ::testing::TempDir() + "/cfn_test_out2",
              .context = {{"aws:cdk:enable-path-metadata", true}}});
    Stack s(app2, "Stk");
    CfnResource r(s, "R", {.type = "AWS::X::Y"});
    EXPECT_EQ(render(r)["Resources"]["R"]["Metadata"], (Json{{"aws:cdk:path", "Stk/R"}}));
}

} // namespace
} // namespace cdk
