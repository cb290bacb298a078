#include "assembly/stack_selection.hpp"

#include <gtest/gtest.h>

namespace cdk::assembly {
namespace {

TEST(GlobTest, StarStaysInsideOneLevel) {
    EXPECT_TRUE(glob_match("Dev/*", "Dev/Service"));
    EXPECT_FALSE(glob_match("Dev/*", "Dev/Inner/Worker"));
    EXPECT_FALSE(glob_match("*", "Dev/Service"));
    EXPECT_TRUE(glob_match("*", "Root"));
    EXPECT_TRUE(glob_match("*Stack", "PipelineStack"));
    EXPECT_TRUE(glob_match("Dev/*ice", "Dev/Service"));
}

TEST(GlobTest, GlobstarCrossesLevels) {
    EXPECT_TRUE(glob_match("**", "Dev/Inner/Worker"));
    EXPECT_TRUE(glob_match("Dev/**", "Dev/Inner/Worker"));
    EXPECT_TRUE(glob_match("**/Worker", "Dev/Inner/Worker"));
    EXPECT_TRUE(glob_match("Dev/**/Service", "Dev/Service"));
    EXPECT_FALSE(glob_match("Prod/**", "Dev/Service"));
}

TEST(GlobTest, QuestionMarkClassesAndEscapes) {
    EXPECT_TRUE(glob_match("Stack?", "Stack1"));
    EXPECT_FALSE(glob_match("Stack?", "Stack12"));
    EXPECT_FALSE(glob_match("Dev?Service", "Dev/Service"));
    EXPECT_TRUE(glob_match("Stack[0-9]", "Stack7"));
    EXPECT_FALSE(glob_match("Stack[!0-9]", "Stack7"));
    EXPECT_TRUE(glob_match("Stack[!0-9]", "StackX"));
    EXPECT_TRUE(glob_match("A\\*", "A*"));
    EXPECT_FALSE(glob_match("A\\*", "AB"));
    EXPECT_TRUE(glob_match("Exact", "Exact"));
    EXPECT_FALSE(glob_match("Exact", "Exactly"));
}

StackArtifact make(const std::string& id, std::vector<std::string> deps = {}, const std::string& dir = "/a") {
    StackArtifact s;
    s.id = id;
    s.hierarchical_id = id;
    s.dependencies = std::move(deps);
    s.assembly_dir = dir;
    return s;
}

std::vector<std::string> ids(const std::vector<const StackArtifact*>& stacks) {
    std::vector<std::string> out;
    for (const auto* s : stacks)
        out.push_back(s->id);
    return out;
}

TEST(SortTest, PutsDependenciesFirstAndKeepsOrderOtherwise) {
    const auto a = make("A", {"C", "A.assets"});
    const auto b = make("B");
    const auto c = make("C", {"D"});
    const auto d = make("D");
    auto sorted = sort_by_dependencies({&a, &b, &c, &d});
    ASSERT_TRUE(sorted) << sorted.error().to_string();
    EXPECT_EQ(ids(*sorted), (std::vector<std::string>{"B", "D", "C", "A"}));
}

TEST(SortTest, DependenciesResolveInsideTheSameAssemblyOnly) {
    const auto a = make("A", {"X"}, "/root");
    const auto x_other = make("X", {}, "/root/assembly-Dev");
    auto sorted = sort_by_dependencies({&a, &x_other});
    ASSERT_TRUE(sorted);
    EXPECT_EQ(ids(*sorted), (std::vector<std::string>{"A", "X"}));
}

TEST(SortTest, ReportsTheCycle) {
    const auto a = make("A", {"B"});
    const auto b = make("B", {"C"});
    const auto c = make("C", {"A"});
    const auto free = make("Free");
    auto sorted = sort_by_dependencies({&free, &a, &b, &c});
    ASSERT_FALSE(sorted);
    EXPECT_EQ(sorted.error().code, "DependencyCycle");
    EXPECT_NE(sorted.error().message.find("A -> B -> C -> A"), std::string::npos) << sorted.error().message;
}

} // namespace
} // namespace cdk::assembly
