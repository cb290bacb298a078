#include "assembly/cloud_assembly.hpp"
#include "cfn/cfn_resource.hpp"
#include "constructs/annotations.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "core/fs.hpp"
#include "synth/stack_synthesizers/default_stack_synthesizer.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace cdk {
namespace {

namespace stdfs = std::filesystem;

Json load(const stdfs::path& p) {
    return Json::parse(fs::read_file(p).value());
}

stdfs::path fresh(const std::string& name) {
    const stdfs::path dir = stdfs::path(::testing::TempDir()) / ("synthesis_test_" + name);
    stdfs::remove_all(dir);
    return dir;
}

TEST(Synthesis, WritesACompleteAssembly) {
    const auto out = fresh("complete");
    App app({.outdir = out.string()});
    Stack stack(app, "MyStack", {.stack_name = "my-stack", .tags = {{"Team", "platform"}}});
    CfnResource topic(stack, "Topic", {.type = "AWS::SNS::Topic"});
    Annotations::of(topic).add_warning("be careful");
    EXPECT_EQ(app.synth(), out.string());
    for (const char* f : {"manifest.json", "cdk.out", "tree.json", "MyStack.template.json",
                          "MyStack.assets.json", "MyStack.metadata.json"}) {
        EXPECT_TRUE(stdfs::exists(out / f)) << f;
    }
    const Json manifest = load(out / "manifest.json");
    EXPECT_EQ(manifest["version"], "55.0.0");
    const Json& artifact = manifest["artifacts"]["MyStack"];
    EXPECT_EQ(artifact["type"], "aws:cloudformation:stack");
    EXPECT_EQ(artifact["properties"]["stackName"], "my-stack");
    EXPECT_EQ(artifact["properties"]["tags"], (Json{{"Team", "platform"}}));
    EXPECT_EQ(artifact["properties"]["assumeRoleArn"],
              "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
              "cdk-hnb659fds-deploy-role-${AWS::AccountId}-${AWS::Region}");
    EXPECT_EQ(artifact["dependencies"], Json::array({"MyStack.assets"}));
    EXPECT_EQ(manifest["artifacts"]["Tree"]["type"], "cdk:tree");
    const Json metadata = load(out / "MyStack.metadata.json");
    EXPECT_EQ(metadata["/MyStack/Topic"][0], (Json{{"type", "aws:cdk:logicalId"}, {"data", "Topic"}}));
    EXPECT_EQ(metadata["/MyStack/Topic"][1]["type"], "aws:cdk:warning");
    const Json tmpl = load(out / "MyStack.template.json");
    EXPECT_TRUE(tmpl["Parameters"].contains("BootstrapVersion"));
    EXPECT_TRUE(tmpl["Rules"].contains("CheckBootstrapVersion"));
    const Json assets = load(out / "MyStack.assets.json");
    ASSERT_EQ(assets["files"].size(), 1U);
    const std::string template_hash = assets["files"].begin().key();
    EXPECT_EQ(artifact["properties"]["stackTemplateAssetObjectUrl"],
              "s3://cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}/" + template_hash + ".json");
    const Json tree = load(out / "tree.json");
    EXPECT_EQ(tree["version"], "tree-0.1");
    EXPECT_EQ(tree["tree"]["children"]["MyStack"]["children"]["Topic"]["path"], "MyStack/Topic");
    EXPECT_EQ(
        tree["tree"]["children"]["MyStack"]["children"]["Topic"]["attributes"]["aws:cdk:cloudformation:type"],
        "AWS::SNS::Topic");
    auto read_back = assembly::read_assembly(out);
    ASSERT_TRUE(read_back) << read_back.error().to_string();
}

TEST(Synthesis, QualifierFromContextAndEnvSpecificNames) {
    const auto out = fresh("qualifier");
    App app({.outdir = out.string(), .context = {{"@aws-cdk/core:bootstrapQualifier", "myapp"}}});
    Stack stack(app, "S", {.env = Environment{"111111111111", "ap-southeast-2"}});
    CfnResource topic(stack, "Topic", {.type = "AWS::SNS::Topic"});
    app.synth();
    const Json props = load(out / "manifest.json")["artifacts"]["S"]["properties"];
    EXPECT_EQ(
        props["assumeRoleArn"],
        "arn:${AWS::Partition}:iam::111111111111:role/cdk-myapp-deploy-role-111111111111-ap-southeast-2");
    EXPECT_EQ(
        props["cloudFormationExecutionRoleArn"],
        "arn:${AWS::Partition}:iam::111111111111:role/cdk-myapp-cfn-exec-role-111111111111-ap-southeast-2");
    EXPECT_EQ(props["bootstrapStackVersionSsmParameter"], "/cdk-bootstrap/myapp/version");
    EXPECT_EQ(
        props["lookupRole"]["arn"],
        "arn:${AWS::Partition}:iam::111111111111:role/cdk-myapp-lookup-role-111111111111-ap-southeast-2");
    EXPECT_EQ(props["requiresBootstrapStackVersion"], 6);
    const Json tmpl = load(out / "S.template.json");
    EXPECT_EQ(tmpl["Parameters"]["BootstrapVersion"]["Default"], "/cdk-bootstrap/myapp/version");
}

TEST(Synthesis, ExplicitSynthesizerProps) {
    const auto out = fresh("explicit");
    App app({.outdir = out.string()});
    Stack stack(app, "S",
                {.synthesizer = std::make_shared<DefaultStackSynthesizer>(DefaultStackSynthesizerProps{
                     .qualifier = "abc", .generate_bootstrap_version_rule = false})});
    CfnResource topic(stack, "Topic", {.type = "AWS::SNS::Topic"});
    app.synth();
    const Json tmpl = load(out / "S.template.json");
    EXPECT_FALSE(tmpl.contains("Rules"));
    EXPECT_EQ(
        load(out / "S.assets.json")["files"].begin().value()["destinations"].begin().value()["bucketName"],
        "cdk-abc-assets-${AWS::AccountId}-${AWS::Region}");
}

/// specialize() replaces the placeholders in one pass; these cases pin what replacing them one after the
/// other (qualifier, then account, then region, as aws-cdk-lib does) gives.
TEST(Synthesis, SpecializeReplacesPlaceholdersAsInTurn) {
    App app({.outdir = fresh("specialize").string()});
    Stack env_stack(app, "E", {.env = Environment{"111111111111", "eu-west-1"}});
    Stack agnostic(app, "A");
    DefaultStackSynthesizer bound_env({.qualifier = "q1"});
    bound_env.bind(env_stack);
    DefaultStackSynthesizer bound_agnostic({.qualifier = "q2", .generate_bootstrap_version_rule = false});
    bound_agnostic.bind(agnostic);
    EXPECT_EQ(bound_env.specialize("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
                                   "cdk-${Qualifier}-x-${AWS::AccountId}-${AWS::Region}"),
              "arn:${AWS::Partition}:iam::111111111111:role/cdk-q1-x-111111111111-eu-west-1");
    EXPECT_EQ(bound_agnostic.specialize("cdk-${Qualifier}-${AWS::AccountId}-${AWS::Region}${Qualifier}"),
              "cdk-q2-${AWS::AccountId}-${AWS::Region}q2");
    EXPECT_EQ(bound_env.specialize("${}${Qualifier${Other}$${Qualifier}}"), "${}${Qualifier${Other}$q1}");
    EXPECT_EQ(bound_env.specialize(""), "");
    EXPECT_EQ(bound_env.specialize("plain"), "plain");
    // A qualifier that forms a later placeholder with the text around it, or holds one: replaced in turn.
    App odd_app({.outdir = fresh("specialize_odd").string()});
    Stack odd_stack(odd_app, "O", {.env = Environment{"222222222222", "us-east-1"}});
    DefaultStackSynthesizer forming({.qualifier = "Region"});
    forming.bind(odd_stack);
    EXPECT_EQ(forming.specialize("${AWS::${Qualifier}}/${AWS::AccountId}"), "us-east-1/222222222222");
    Stack odd_stack2(odd_app, "P", {.env = Environment{"222222222222", "us-east-1"}});
    DefaultStackSynthesizer holding(
        {.qualifier = "${AWS::AccountId}", .generate_bootstrap_version_rule = false});
    holding.bind(odd_stack2);
    EXPECT_EQ(holding.specialize("a-${Qualifier}-b"), "a-222222222222-b");
}

TEST(Synthesis, NestedStagesWriteNestedAssemblies) {
    const auto out = fresh("nested");
    App app({.outdir = out.string()});
    Stage dev(app, "Dev", {.env = Environment{"111111111111", "ap-southeast-2"}});
    Stack svc(dev, "Service");
    CfnResource t(svc, "Topic", {.type = "AWS::SNS::Topic"});
    app.synth();
    const Json top = load(out / "manifest.json");
    EXPECT_EQ(top["artifacts"]["assembly-Dev"]["properties"]["directoryName"], "assembly-Dev");
    const Json nested = load(out / "assembly-Dev/manifest.json");
    EXPECT_EQ(nested["artifacts"]["DevServiceED593074"]["properties"]["stackName"], "Dev-Service");
    EXPECT_TRUE(stdfs::exists(out / "assembly-Dev/DevServiceED593074.template.json"));
    EXPECT_FALSE(stdfs::exists(out / "assembly-Dev/tree.json"));
}

TEST(Synthesis, ValidationErrorsStopSynthesis) {
    const auto out = fresh("invalid");
    App app({.outdir = out.string()});
    Stack stack(app, "S");
    stack.node().add_validation([] { return std::vector<std::string>{"broken"}; });
    EXPECT_THROW(app.synth(), ValidationError);
    EXPECT_FALSE(stdfs::exists(out / "manifest.json"));
    EXPECT_NO_THROW(app.synth({.skip_validation = true}));
}

TEST(Synthesis, TreeLockedOnlyDuringSynthesis) {
    const auto out = fresh("lock");
    App app({.outdir = out.string()});
    Stack stack(app, "S");
    app.synth();
    CfnResource late(stack, "Late", {.type = "AWS::SNS::Topic"});
    app.synth({.force = true});
    EXPECT_TRUE(load(out / "S.template.json")["Resources"].contains("Late"));
}

} // namespace
} // namespace cdk

namespace cdk {
namespace {

/// Counts its destructions.
class Counted : public Construct {
public:
    Counted(Construct& scope, std::string_view id, int& destroyed)
        : Construct(scope, id), destroyed_(&destroyed) {}
    ~Counted() override { ++*destroyed_; }

private:
    int* destroyed_;
};

/// How many of an App's constructs are destroyed with it: the App is synthesized if `synth`, with
/// CDK_OUTDIR set if `from_toolkit`.
int destroyed_with_app(bool from_toolkit, bool synth, AppProps props = {}) {
    const auto out =
        fresh(std::string("release_") + (from_toolkit ? "cli" : "props") + (synth ? "_synth" : ""));
    if (from_toolkit) {
        ::setenv("CDK_OUTDIR", out.c_str(), 1);
    } else {
        props.outdir = out.string();
    }
    int destroyed = 0;
    {
        App app(props);
        auto& stack = make<Stack>(app, "S");
        make<Counted>(stack, "A", destroyed);
        make<Counted>(make<Counted>(app, "B", destroyed), "C", destroyed);
        if (synth) {
            app.synth();
        }
    }
    ::unsetenv("CDK_OUTDIR");
    return destroyed;
}

TEST(App, ReleasesItsTreeOnlyAfterSynthesizingForAToolkit) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    EXPECT_EQ(destroyed_with_app(true, true), 3); // sanitizer builds always free
#else
    EXPECT_EQ(destroyed_with_app(true, true), 0);
#endif
    EXPECT_EQ(destroyed_with_app(true, false), 3);
    EXPECT_EQ(destroyed_with_app(false, true), 3);
    EXPECT_EQ(destroyed_with_app(true, true, AppProps{.free_tree_after_synth = true}), 3);
    ::setenv("CDKPP_FREE_TREE", "1", 1);
    EXPECT_EQ(destroyed_with_app(true, true), 3);
    ::unsetenv("CDKPP_FREE_TREE");
}

} // namespace
} // namespace cdk
