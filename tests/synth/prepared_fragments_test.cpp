#include "cfn/cfn_condition.hpp"
#include "cfn/cfn_mapping.hpp"
#include "cfn/cfn_output.hpp"
#include "cfn/cfn_parameter.hpp"
#include "cfn/cfn_resource.hpp"
#include "cfn/cfn_rule.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "core/fs.hpp"
#include "core/json_writer.hpp"
#include "synth/detail/prepared_fragments.hpp"
#include "synth/stack_template.hpp"
#include "synth/synthesis.hpp"
#include "threads_env.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace cdk {
namespace {

namespace stdfs = std::filesystem;

const Environment kEnv{"111111111111", "ap-southeast-2"};

stdfs::path fresh(const std::string& name) {
    const stdfs::path dir = stdfs::path(::testing::TempDir()) / ("prepared_fragments_test_" + name);
    stdfs::remove_all(dir);
    return dir;
}

Json load(const stdfs::path& p) {
    return Json::parse(fs::read_file(p).value());
}

/// A token the library does not know: not stable across passes by default.
class Counter : public IResolvable {
public:
    Json resolve(ResolveContext& /*context*/) const override { return Json(++count_); }

private:
    mutable int count_ = 0;
};

TEST(PreparedFragments, ElementsWithStableTokensAreResolvedOnce) {
    App app({.outdir = fresh("stable").string()});
    Stack stack(app, "S", {.env = kEnv});
    CfnResource queue(stack, "Queue", {.type = "AWS::SQS::Queue"});
    CfnResource param(stack, "Param",
                      {.type = "AWS::SSM::Parameter",
                       .properties = {{"Value", "arn " + queue.get_att("Arn")},
                                      {"Region", Aws::REGION},
                                      {"Cached", Lazy::any([](ResolveContext&) { return Json(1); })}}});
    detail::PreparedFragments prepared;
    detail::prepare_app(app, prepared);
    // Queue, Param, and the synthesizer's BootstrapVersion parameter and CheckBootstrapVersion rule.
    EXPECT_EQ(prepared.size(), 4U);
    const std::string reused = detail::render_stack_template_text(stack, &prepared);
    EXPECT_EQ(reused, json::dump(render_stack_template(stack), 1));
    EXPECT_FALSE(prepared.take(param)) << "a fragment is taken once";
}

TEST(PreparedFragments, CrossStackReferenceStillBecomesAnImport) {
    const auto out = fresh("cross");
    App app({.outdir = out.string()});
    Stack producer(app, "Producer", {.env = kEnv});
    Stack consumer(app, "Consumer", {.env = kEnv});
    CfnResource queue(producer, "Queue", {.type = "AWS::SQS::Queue"});
    CfnResource param(consumer, "Param",
                      {.type = "AWS::SSM::Parameter", .properties = {{"Value", queue.get_att("Arn")}}});
    CfnResource local(consumer, "Local",
                      {.type = "AWS::SSM::Parameter", .properties = {{"Value", param.ref()}}});
    {
        detail::PreparedFragments prepared;
        detail::prepare_app(app, prepared);
        EXPECT_FALSE(prepared.take(param)) << "its value for this consumer is assigned between the passes";
        EXPECT_TRUE(prepared.take(local));
        EXPECT_TRUE(prepared.take(queue));
    }
    app.synth({.force = true});
    const Json consumer_template = load(out / "Consumer.template.json");
    EXPECT_EQ(consumer_template["Resources"]["Param"]["Properties"]["Value"],
              (Json{{"Fn::ImportValue", "Producer:ExportsOutputFnGetAttQueueArn042C0F02"}}));
    EXPECT_EQ(consumer_template["Resources"]["Local"]["Properties"]["Value"], (Json{{"Ref", "Param"}}));
    // The Output made by resolve_references (after the references pass) is in the producer's template.
    const Json producer_template = load(out / "Producer.template.json");
    EXPECT_EQ(producer_template["Outputs"]["ExportsOutputFnGetAttQueueArn042C0F02"]["Export"]["Name"],
              "Producer:ExportsOutputFnGetAttQueueArn042C0F02");
}

TEST(PreparedFragments, ValuesThatMayChangeAreResolvedAgain) {
    const auto out = fresh("unstable");
    App app({.outdir = out.string()});
    Stack stack(app, "S", {.env = kEnv});
    int calls = 0;
    CfnResource uncached(
        stack, "Uncached",
        {.type = "AWS::X::Y",
         .properties = {{"N", Lazy::uncached_any([&](ResolveContext&) { return Json(++calls); })}}});
    CfnResource unknown(
        stack, "Unknown",
        {.type = "AWS::X::Y", .properties = {{"N", Token::as_any(std::make_shared<Counter>())}}});
    CfnResource stable(stack, "Stable", {.type = "AWS::X::Y", .properties = {{"N", 0}}});
    {
        detail::PreparedFragments prepared;
        detail::prepare_app(app, prepared);
        EXPECT_FALSE(prepared.take(uncached));
        EXPECT_FALSE(prepared.take(unknown));
        EXPECT_TRUE(prepared.take(stable));
    }
    calls = 0;
    app.synth({.force = true});
    const Json tmpl = load(out / "S.template.json");
    EXPECT_EQ(calls, 2) << "once in the references pass, once in the renderer";
    EXPECT_EQ(tmpl["Resources"]["Uncached"]["Properties"]["N"], 2) << "the renderer's value is written";
    EXPECT_EQ(tmpl["Resources"]["Stable"]["Properties"]["N"], 0);
}

TEST(PreparedFragments, TransformOfAReusedFragmentIsKept) {
    const auto out = fresh("transform");
    App app({.outdir = out.string()});
    Stack stack(app, "S", {.env = kEnv});
    CfnResource r(stack, "R",
                  {.type = "AWS::X::Y", .properties = {{"V", Fn::find_in_map("M", "a", "b", "d")}}});
    app.synth();
    EXPECT_EQ(load(out / "S.template.json")["Transform"], "AWS::LanguageExtensions");
}

/// A resource whose post-resolution step fails: the error belongs to the renderer, as before.
class FailingRender : public CfnResource {
public:
    FailingRender(Construct& scope, std::string_view id) : CfnResource(scope, id, {.type = "AWS::X::Y"}) {
        set_property("P", 1);
    }

protected:
    Json render_properties(Json /*resolved*/) const override {
        throw ValidationError("render failure", node().path());
    }
};

TEST(PreparedFragments, ErrorsComeFromThePassThatThrewThemBefore) {
    {
        App app({.outdir = fresh("render_error").string()});
        Stack stack(app, "S", {.env = kEnv});
        FailingRender failing(stack, "F");
        detail::PreparedFragments prepared;
        EXPECT_NO_THROW(detail::prepare_app(app, prepared))
            << "the references pass did not fail on it before";
        EXPECT_FALSE(prepared.take(failing));
        EXPECT_THROW((void)detail::render_stack_template_text(stack, &prepared), ValidationError);
    }
    {
        App app({.outdir = fresh("token_error").string()});
        Stack stack(app, "S", {.env = kEnv});
        CfnResource r(stack, "R",
                      {.type = "AWS::X::Y", .properties = {{"P", Lazy::any([](ResolveContext&) -> Json {
                                                                throw std::runtime_error("lazy failure");
                                                            })}}});
        detail::PreparedFragments prepared;
        try {
            detail::prepare_app(app, prepared);
            FAIL() << "expected the token's error";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "lazy failure");
        }
    }
}

TEST(PreparedFragments, DuplicateLogicalIdIsReportedBySynth) {
    App app({.outdir = fresh("duplicate").string()});
    Stack stack(app, "S", {.env = kEnv});
    CfnResource first(stack, "First", {.type = "AWS::X::Y"});
    first.override_logical_id("Same");
    CfnResource second(stack, "Second", {.type = "AWS::X::Y"});
    second.override_logical_id("Same");
    try {
        app.synth();
        FAIL() << "expected a duplicate logical id error";
    } catch (const ValidationError& e) {
        EXPECT_NE(std::string(e.what()).find("section 'Resources' already contains 'Same'"),
                  std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("S/Second"), std::string::npos) << e.what();
    }
}

/// An element with any fragment, e.g. a section that is not an object.
class RawElement : public CfnElement {
public:
    RawElement(Construct& scope, std::string_view id, Json fragment)
        : CfnElement(scope, id), fragment_(std::move(fragment)) {}
    Json to_cloudformation() const override { return fragment_; }

private:
    Json fragment_;
};

/// The text renderer against the Json renderer (both from scratch and from the references pass).
void expect_text_equals_json(App& app, Stack& stack) {
    detail::PreparedFragments prepared;
    detail::prepare_app(app, prepared);
    const std::string expected = json::dump(render_stack_template(stack), 1);
    EXPECT_EQ(detail::render_stack_template_text(stack, nullptr), expected);
    EXPECT_EQ(detail::render_stack_template_text(stack, &prepared), expected);
}

TEST(TemplateText, EqualsTheJsonDumpWithEverySection) {
    App app({.outdir = fresh("every_section").string()});
    Stack stack(app, "S", {.env = kEnv, .description = "a stack \"described\" \u00e9\t"});
    CfnParameter param(stack, "Size", {.type = "Number", .default_value = 2.5, .description = "size"});
    CfnCondition cond(stack, "IsProd", {.expression = Fn::condition_equals(param.value_as_string(), "prod")});
    CfnMapping map(stack, "Map", {.mapping = {{"eu-west-1", {{"ami", "ami-1"}, {"n", 0.1}}}}});
    CfnRule rule(stack, "Rule", {.assertions = {{Fn::condition_equals(Aws::REGION, "eu-west-1"), "region"}}});
    CfnResource queue(stack, "Queue",
                      {.type = "AWS::SQS::Queue",
                       .properties = {{"Name", "caf\u00e9 \xff bad utf-8"},
                                      {"Delay", 1.5e300},
                                      {"Tags", Json::array()},
                                      {"Empty", Json::object()},
                                      {"Control", std::string("a\x01b\n")},
                                      {"FromMap", map.find_in_map("eu-west-1", Aws::REGION)}}});
    queue.cfn_options().condition = &cond;
    CfnOutput out(stack, "Out", {.value = queue.get_att("Arn"), .export_name = "Exported"});
    RawElement version(stack, "Version", Json{{"AWSTemplateFormatVersion", "2010-09-09"}});
    RawElement hooks(stack, "Hooks", Json{{"Hooks", Json::object()}});
    stack.add_transform("AWS::Serverless-2016-10-31");
    stack.add_transform("AWS::LanguageExtensions");
    stack.add_template_metadata("Note", Json{{"Text", queue.ref()}});
    expect_text_equals_json(app, stack);
    const Json parsed = Json::parse(detail::render_stack_template_text(stack, nullptr));
    for (const char* section :
         {"Parameters", "Conditions", "Mappings", "Rules", "Resources", "Outputs", "Description", "Transform",
          "Metadata", "AWSTemplateFormatVersion", "Hooks"}) {
        EXPECT_TRUE(parsed.contains(section)) << section;
    }
}

TEST(TemplateText, SectionsThatAreNotObjectsMergeAsTheJsonRendererMergesThem) {
    {
        // A value, then null, then an object: the object replaces them.
        App app({.outdir = fresh("replaced").string()});
        Stack stack(app, "S", {.env = kEnv});
        RawElement a(stack, "A", Json{{"Custom", Json{{"X", 1}}}});
        RawElement b(stack, "B", Json{{"Custom", nullptr}});
        RawElement c(stack, "C", Json{{"Custom", Json{{"Y", Json::array({1, "two"})}}}});
        RawElement d(stack, "D", Json{{"Other", Json{{"Z", 1}}}});
        RawElement e(stack, "E", Json{{"Other", "last"}});
        RawElement f(stack, "F", Json::array({1, 2}));
        expect_text_equals_json(app, stack);
    }
    {
        App app({.outdir = fresh("mismatch").string()});
        Stack stack(app, "S", {.env = kEnv});
        RawElement a(stack, "A", Json{{"Custom", "text"}});
        RawElement b(stack, "B", Json{{"Custom", Json{{"X", 1}}}});
        std::string json_error;
        try {
            (void)render_stack_template(stack);
        } catch (const std::exception& e) {
            json_error = e.what();
        }
        ASSERT_FALSE(json_error.empty());
        try {
            (void)detail::render_stack_template_text(stack, nullptr);
            FAIL() << "expected the Json renderer's error";
        } catch (const std::exception& e) {
            EXPECT_EQ(e.what(), json_error);
        }
    }
}

TEST(TemplateText, EmptyStackAndDuplicates) {
    App app({.outdir = fresh("empty").string()});
    Stack stack(app, "S", {.env = kEnv});
    EXPECT_EQ(detail::render_stack_template_text(stack, nullptr),
              json::dump(render_stack_template(stack), 1));
    RawElement a(stack, "A", Json{{"Resources", Json{{"Same", Json{{"Type", "X"}}}}}});
    RawElement b(stack, "B", Json{{"Outputs", Json{{"Dup", 1}}}, {"Resources", Json{{"Other", 1}}}});
    RawElement c(stack, "C", Json{{"Outputs", Json{{"Dup", 2}}}, {"Resources", Json{{"Same", 2}}}});
    std::string json_error;
    try {
        (void)render_stack_template(stack);
    } catch (const ValidationError& e) {
        json_error = e.what();
    }
    EXPECT_NE(json_error.find("section 'Outputs' already contains 'Dup'"), std::string::npos) << json_error;
    try {
        (void)detail::render_stack_template_text(stack, nullptr);
        FAIL() << "expected a duplicate error";
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.what(), json_error);
    }
}

TEST(ConstructKind, TellsStagesStacksAndElementsApart) {
    App app({.outdir = fresh("kinds").string()});
    Stage stage(app, "Dev");
    struct MyStack : Stack {
        using Stack::Stack;
    };
    MyStack stack(stage, "S", {.env = kEnv});
    Construct group(stack, "Group");
    CfnResource resource(group, "R", {.type = "AWS::X::Y"});
    CfnOutput output(stack, "O", {.value = "v"});
    EXPECT_EQ(app.kind(), Construct::Kind::Stage);
    EXPECT_EQ(stage.kind(), Construct::Kind::Stage);
    EXPECT_EQ(stack.kind(), Construct::Kind::Stack);
    EXPECT_EQ(group.kind(), Construct::Kind::Other);
    EXPECT_EQ(resource.kind(), Construct::Kind::CfnElement);
    EXPECT_EQ(output.kind(), Construct::Kind::CfnElement);
}

using test_support::ThreadsEnv;

/// Synthesizes a big app (scanned on several threads) with references within and across stacks, and
/// returns every template and the producer's construct order.
std::string synth_big(const char* threads) {
    ThreadsEnv env(threads);
    const auto out = fresh(std::string("big_") + threads);
    App app({.outdir = out.string()});
    Stack producer(app, "Producer", {.env = kEnv});
    Stack consumer(app, "Consumer", {.env = kEnv});
    for (int i = 0; i < 700; ++i) {
        auto& queue = make<CfnResource>(producer, "Queue" + std::to_string(i),
                                        CfnResourceProps{.type = "AWS::SQS::Queue"});
        make<CfnResource>(
            consumer, "Param" + std::to_string(i),
            CfnResourceProps{.type = "AWS::SSM::Parameter",
                             .properties = {{"Value", queue.get_att("Arn")}, {"Ref", queue.ref()}}});
        make<CfnResource>(
            producer, "Local" + std::to_string(i),
            CfnResourceProps{.type = "AWS::SSM::Parameter", .properties = {{"Value", queue.ref()}}});
    }
    app.synth();
    std::string all = fs::read_file(out / "Producer.template.json").value() +
                      fs::read_file(out / "Consumer.template.json").value() +
                      fs::read_file(out / "tree.json").value();
    return all;
}

TEST(PreparedFragments, BigAppIsTheSameOnOneOrManyThreads) {
    const std::string one = synth_big("1");
    EXPECT_EQ(one, synth_big("4"));
    EXPECT_NE(one.find("ExportsOutputFnGetAttQueue699Arn"), std::string::npos);
}

TEST(PreparedFragments, ReferenceIntoAnotherAppFailsTheSameOnManyThreads) {
    const auto message = [](const char* threads) {
        ThreadsEnv env(threads);
        App other({.outdir = fresh(std::string("other_") + threads).string()});
        Stack there(other, "There", {.env = kEnv});
        CfnResource target(there, "Target", {.type = "AWS::X::Y"});
        App app({.outdir = fresh(std::string("foreign_") + threads).string()});
        Stack stack(app, "S", {.env = kEnv});
        for (int i = 0; i < 1200; ++i) {
            make<CfnResource>(stack, "R" + std::to_string(i),
                              CfnResourceProps{.type = "AWS::X::Y", .properties = {{"V", target.ref()}}});
        }
        try {
            app.synth();
        } catch (const ValidationError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string one = message("1");
    EXPECT_NE(one.find("cannot reference across apps"), std::string::npos) << one;
    EXPECT_EQ(one, message("4"));
}

} // namespace
} // namespace cdk
