#include "cfn/cfn_resource.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "core/json_writer.hpp"
#include "synth/tree_metadata.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

TEST(TreeMetadata, RenderedTextIsTheDocumentDumped) {
    App app({.outdir = ::testing::TempDir() + "/tree_metadata_test"});
    Stack stack(app, "Stack");
    // Ids that sort differently by bytes and by case, and that need escaping or are not ASCII.
    CfnResource b(stack, "b", {.type = "AWS::SQS::Queue"});
    CfnResource a(stack, "A", {.type = "AWS::SNS::Topic"});
    Construct group(stack, "Group \"quoted\" \\ back\tslash");
    CfnResource inner(group, "Grüße", {.type = "AWS::SSM::Parameter"});
    Construct empty(stack, "Empty");
    Stage stage(app, "Stage");
    Stack nested(stage, "Nested");
    CfnResource deep(nested, "Deep", {.type = "Custom::Thing"});

    const std::string text = render_tree_metadata(app);
    EXPECT_EQ(text, json::dump(build_tree_metadata(app), 2));
    EXPECT_EQ(
        Json::parse(
            text)["tree"]["children"]["Stack"]["children"]["A"]["attributes"]["aws:cdk:cloudformation:type"],
        "AWS::SNS::Topic");
}

TEST(TreeMetadata, LoneRootHasNoChildren) {
    App app({.outdir = ::testing::TempDir() + "/tree_metadata_root"});
    EXPECT_EQ(render_tree_metadata(app), json::dump(build_tree_metadata(app), 2));
}

} // namespace
} // namespace cdk
