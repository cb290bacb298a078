#include "synth/detail/kind_cache.hpp"

#include "cfn/cfn_resource.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"

#include <gtest/gtest.h>

namespace cdk::detail {
namespace {

class MyStack : public Stack {
public:
    using Stack::Stack;
};

/// A construct that holds its stack as a member (a child not created with make).
class Mixed : public Construct {
public:
    Mixed(Construct& scope, std::string_view id) : Construct(scope, id), inner(*this, "Inner") {}
    MyStack inner;
};

TEST(KindCache, AgreesWithDynamicCastForEveryConstruct) {
    App app({.outdir = ::testing::TempDir() + "/kind_cache"});
    auto& stage = make<Stage>(app, "Stage");
    auto& stack = make<MyStack>(stage, "S");
    auto& group = make<Construct>(stack, "G");
    make<CfnResource>(group, "R", CfnResourceProps{.type = "AWS::SQS::Queue"});
    make<Stack>(app, "Plain");
    make<Mixed>(app, "M");
    KindCache<Stack> stacks;
    KindCache<Stage> stages;
    KindCache<CfnResource> resources;
    for (int round = 0; round < 2; ++round) { // the second round answers from the cache
        for (Construct* c : app.node().find_all()) {
            EXPECT_EQ(stacks.cast(c), dynamic_cast<Stack*>(c)) << c->node().path();
            EXPECT_EQ(stages.cast(c), dynamic_cast<Stage*>(c)) << c->node().path();
            EXPECT_EQ(resources.cast(static_cast<const Construct*>(c)), dynamic_cast<const CfnResource*>(c))
                << c->node().path();
        }
    }
}

} // namespace
} // namespace cdk::detail
