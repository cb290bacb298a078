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
