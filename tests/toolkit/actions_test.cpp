#include "core/fs.hpp"
#include "tests/assembly/test_support.hpp"
#include "toolkit/actions/list.hpp"
#include "toolkit/actions/synth.hpp"

#include <gtest/gtest.h>

namespace cdk::toolkit {
namespace {

using assembly::testing::fixture;

SynthOptions options_for(std::vector<std::string> patterns, bool exclusively = false) {
    SynthOptions o;
    o.app.app = fixture("stock_nested").string();
    o.app.working_dir = std::filesystem::temp_directory_path();
    o.patterns = std::move(patterns);
    o.exclusively = exclusively;
    return o;
}

std::vector<std::string> ids(const SynthOutcome& o) {
    std::vector<std::string> out;
    for (const auto* s : o.stacks)
        out.push_back(s->hierarchical_id);
    return out;
}

TEST(SynthActionTest, DefaultIsTheMainAssembly) {
    auto o = synth(options_for({}));
    ASSERT_TRUE(o) << o.error().to_string();
    EXPECT_EQ(ids(*o), std::vector<std::string>{"Root"});
}

TEST(SynthActionTest, PatternsBringInDependenciesUnlessExclusively) {
    auto o = synth(options_for({"Dev/Api"}));
    ASSERT_TRUE(o);
    EXPECT_EQ(ids(*o), (std::vector<std::string>{"Dev/Service", "Dev/Api"}));
    auto e = synth(options_for({"Dev/Api"}, true));
    ASSERT_TRUE(e);
    EXPECT_EQ(ids(*e), std::vector<std::string>{"Dev/Api"});
    // The stock app put a warning annotation on Dev/Api.
    ASSERT_FALSE(e->diagnostics.empty());
    EXPECT_EQ(e->diagnostics[0].severity, Severity::Warning);
    EXPECT_EQ(e->diagnostics[0].subject, "/Dev/Api");
    EXPECT_FALSE(has_errors(e->diagnostics));
}

TEST(SynthActionTest, UnmatchedPatternIsAnError) {
    auto o = synth(options_for({"Prod/*"}));
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().code, "NoStackMatch");
    EXPECT_NE(o.error().message.find("Dev/Inner/Worker"), std::string::npos);
}

TEST(SynthActionTest, AnnotationsComeFromTheMetadataFileOnlyWhenItHasSome) {
    assembly::testing::TempDir tmp("cdkpp_collect_annotations");
    assembly::StackArtifact with;
    with.metadata_file = tmp.path() / "With.metadata.json";
    ASSERT_TRUE(fs::write_file_atomic(*with.metadata_file,
                                      R"({"/With/R":[{"type":"aws:cdk:logicalId","data":"R"}],)"
                                      R"("/With":[{"type":"aws:cdk:warning","data":"look here"}]})"));
    assembly::StackArtifact without;
    // Malformed on purpose: without an annotation type in it, the file must not even be parsed.
    without.metadata_file = tmp.path() / "Without.metadata.json";
    ASSERT_TRUE(
        fs::write_file_atomic(*without.metadata_file, R"({"/Without/R":[{"type":"aws:cdk:logicalId",)"));
    auto d = collect_annotations({&with, &without});
    ASSERT_TRUE(d) << d.error().to_string();
    ASSERT_EQ(d->size(), 1U);
    EXPECT_EQ((*d)[0].severity, Severity::Warning);
    EXPECT_EQ((*d)[0].code, "SYNTH_W0001");
    EXPECT_EQ((*d)[0].subject, "/With");
    EXPECT_EQ((*d)[0].summary, "look here");
}

TEST(ListActionTest, ListsLikeCdkLs) {
    auto a = assembly::read_assembly(fixture("stock_nested"));
    ASSERT_TRUE(a);
    auto all = list_stacks(*a, {});
    ASSERT_TRUE(all);
    std::vector<std::string> got;
    for (const auto& s : *all)
        got.push_back(s.id);
    EXPECT_EQ(got, (std::vector<std::string>{"Root", "Dev/Service (Dev-Service)", "Dev/Api (Dev-Api)",
                                             "Dev/Inner/Worker (Dev-Inner-Worker)"}));
    auto api = list_stacks(*a, {"Dev/Api"});
    ASSERT_TRUE(api);
    ASSERT_EQ(api->size(), 2u);
    EXPECT_EQ((*api)[1].dependencies, std::vector<std::string>{"Dev/Service (Dev-Service)"});
    auto none = list_stacks(*a, {"Nope"});
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

} // namespace
} // namespace cdk::toolkit
