#include "constructs/aspects.hpp"
#include "constructs/construct.hpp"
#include "tokens/errors.hpp"
#include "tokens/intrinsic.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

TEST(Construct, PathsScopesAndChildren) {
    RootConstruct root;
    Construct a(root, "A");
    auto& b = make<Construct>(a, "B");
    auto& c = make<Construct>(b, "C");
    EXPECT_EQ(root.node().path(), "");
    EXPECT_EQ(a.node().path(), "A");
    EXPECT_EQ(c.node().path(), "A/B/C");
    EXPECT_EQ(c.node().scopes().size(), 4U);
    EXPECT_EQ(&c.node().root(), &root);
    EXPECT_EQ(a.node().try_find_child("B"), &b);
    EXPECT_EQ(a.node().try_find_child("X"), nullptr);
    EXPECT_THROW((void)a.node().find_child("X"), ValidationError);
    EXPECT_EQ(root.node().find_all().size(), 4U);
}

TEST(Construct, FailsOnDuplicateIdWithPath) {
    RootConstruct root;
    Construct a(root, "A");
    make<Construct>(a, "Dup");
    try {
        make<Construct>(a, "Dup");
        FAIL() << "expected a ValidationError";
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.path(), "A");
        EXPECT_EQ(e.value(), "Dup");
        EXPECT_NE(std::string(e.what()).find("already a construct"), std::string::npos);
    }
}

TEST(Construct, FailsOnEmptyOrTokenIdAndSanitizesSlashes) {
    RootConstruct root;
    EXPECT_THROW(make<Construct>(root, ""), ValidationError);
    EXPECT_THROW(make<Construct>(root, Token::as_string(Intrinsic::make(Json("x")))), ValidationError);
    auto& s = make<Construct>(root, "a/b");
    EXPECT_EQ(s.node().id(), "a--b");
}

TEST(Construct, ChildDestroyedBeforeParentUnregisters) {
    RootConstruct root;
    {
        Construct temp(root, "Temp");
        EXPECT_EQ(root.node().children().size(), 1U);
    }
    EXPECT_TRUE(root.node().children().empty());
    Construct again(root, "Temp");
    EXPECT_EQ(root.node().children().size(), 1U);
}

TEST(Construct, ContextIsInheritedAndOnlySetBeforeChildren) {
    RootConstruct root;
    root.node().set_context("k", "v");
    Construct a(root, "A");
    EXPECT_EQ(a.node().try_get_context("k"), Json("v"));
    EXPECT_TRUE(a.node().try_get_context("missing").is_null());
    EXPECT_THROW(root.node().set_context("late", 1), ValidationError);
}

TEST(Construct, MetadataValidationsDependenciesLocking) {
    RootConstruct root;
    Construct a(root, "A");
    Construct b(root, "B");
    a.node().add_metadata("t", "d");
    ASSERT_EQ(a.node().metadata().size(), 1U);
    a.node().add_validation([] { return std::vector<std::string>{"bad"}; });
    EXPECT_EQ(a.node().validate(), std::vector<std::string>{"bad"});
    a.node().add_dependency(b);
    a.node().add_dependency(b);
    EXPECT_EQ(a.node().dependencies().size(), 1U);
    root.node().lock();
    EXPECT_THROW(make<Construct>(a, "Late"), ValidationError);
}

TEST(Construct, DefaultChild) {
    RootConstruct root;
    Construct a(root, "A");
    auto& res = make<Construct>(a, "Resource");
    EXPECT_EQ(a.node().default_child(), &res);
    make<Construct>(a, "Default");
    EXPECT_THROW((void)a.node().default_child(), ValidationError);
}

class CountingAspect : public IAspect {
public:
    void visit(Construct& /*node*/) override { ++count; }
    int count = 0;
};

TEST(Aspects, VisitEveryConstructBelowOnce) {
    RootConstruct root;
    Construct a(root, "A");
    Construct b(a, "B");
    Construct other(root, "Other");
    auto aspect = std::make_shared<CountingAspect>();
    Aspects::of(a).add(aspect);
    Aspects::invoke_all(root);
    EXPECT_EQ(aspect->count, 2);
    Aspects::invoke_all(root);
    EXPECT_EQ(aspect->count, 2) << "each construct is visited once per aspect";
}

} // namespace
} // namespace cdk
