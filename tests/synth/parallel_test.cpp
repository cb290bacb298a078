#include "cfn/cfn_resource.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "core/json_writer.hpp"
#include "synth/detail/parallel.hpp"
#include "synth/references.hpp"
#include "synth/stack_template.hpp"
#include "synth/synthesis.hpp"
#include "threads_env.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

namespace cdk {
namespace {

using test_support::ThreadsEnv;

/// A stack big enough to be resolved on several threads, with references between its resources.
void populate(Stack& stack, int n) {
    for (int i = 0; i < n; ++i) {
        auto& queue =
            make<CfnResource>(stack, "Queue" + std::to_string(i),
                              CfnResourceProps{.type = "AWS::SQS::Queue", .properties = {{"Delay", i}}});
        make<CfnResource>(
            stack, "Param" + std::to_string(i),
            CfnResourceProps{.type = "AWS::SSM::Parameter",
                             .properties = {{"Value", "arn " + queue.get_att("Arn") + " " + queue.ref()},
                                            {"Lazy", Lazy::any([i](ResolveContext&) { return Json(i); })}}});
    }
}

std::string render_with(const char* threads, int n) {
    ThreadsEnv env(threads);
    App app({.outdir = ::testing::TempDir() + "/parallel_test_render"});
    Stack stack(app, "Big");
    populate(stack, n);
    prepare_app(app);
    return json::dump(render_stack_template(stack), 1);
}

TEST(Parallel, BigStackRendersTheSameOnOneOrManyThreads) {
    const std::string one = render_with("1", 700);
    EXPECT_EQ(one, render_with("4", 700));
    EXPECT_EQ(one, render_with("2", 700));
    EXPECT_NE(one.find("\"Param699\""), std::string::npos);
}

TEST(Parallel, FirstErrorInOrderIsReported) {
    ThreadsEnv env("4");
    App app({.outdir = ::testing::TempDir() + "/parallel_test_error"});
    Stack stack(app, "Big");
    populate(stack, 600);
    // Two failures: the one of the earlier element must be reported, as one thread would report it.
    make<CfnResource>(
        stack, "Early",
        CfnResourceProps{.type = "AWS::X::Y", .properties = {{"P", Lazy::any([](ResolveContext&) -> Json {
                                                                  throw std::runtime_error("early failure");
                                                              })}}});
    for (int i = 0; i < 400; ++i) {
        make<CfnResource>(stack, "Filler" + std::to_string(i), CfnResourceProps{.type = "AWS::X::Y"});
    }
    make<CfnResource>(
        stack, "Late",
        CfnResourceProps{.type = "AWS::X::Y", .properties = {{"P", Lazy::any([](ResolveContext&) -> Json {
                                                                  throw std::runtime_error("late failure");
                                                              })}}});
    try {
        (void)render_stack_template(stack);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "early failure");
    }
}

TEST(Parallel, DuplicateLogicalIdNamesTheSecondElement) {
    ThreadsEnv env("3");
    App app({.outdir = ::testing::TempDir() + "/parallel_test_duplicate"});
    Stack stack(app, "Big");
    auto& first = make<CfnResource>(stack, "First", CfnResourceProps{.type = "AWS::X::Y"});
    first.override_logical_id("Same");
    populate(stack, 600);
    auto& second = make<CfnResource>(stack, "Second", CfnResourceProps{.type = "AWS::X::Y"});
    second.override_logical_id("Same");
    try {
        (void)render_stack_template(stack);
        FAIL() << "expected a duplicate logical id error";
    } catch (const ValidationError& e) {
        EXPECT_NE(std::string(e.what()).find("already contains 'Same'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("Big/Second"), std::string::npos) << e.what();
    }
}

TEST(Parallel, RunJobsRunsEveryJobAndRethrowsTheFirstFailure) {
    std::atomic<int> ran{0};
    std::vector<std::function<void()>> jobs;
    for (int i = 0; i < 50; ++i) {
        jobs.emplace_back([&ran] { ++ran; });
    }
    detail::run_jobs(jobs, 4);
    EXPECT_EQ(ran, 50);
    jobs.clear();
    jobs.emplace_back([] {});
    jobs.emplace_back([] { throw std::runtime_error("second"); });
    jobs.emplace_back([] { throw std::runtime_error("third"); });
    EXPECT_THROW(
        {
            try {
                detail::run_jobs(jobs, 1);
            } catch (const std::runtime_error& e) {
                EXPECT_STREQ(e.what(), "second");
                throw;
            }
        },
        std::runtime_error);
    for (unsigned threads : {2U, 3U, 8U}) {
        try {
            detail::run_jobs(jobs, threads);
            ADD_FAILURE() << "expected an error";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "second") << threads << " threads";
        }
    }
}

/// The worker pool serves one batch at a time: a batch started from a job (the pool busy) runs on threads
/// of its own, and batches from several threads at once all finish.
TEST(Parallel, RunJobsNestedAndFromSeveralThreads) {
    std::atomic<int> ran{0};
    std::vector<std::function<void()>> inner;
    for (int i = 0; i < 20; ++i) {
        inner.emplace_back([&ran] { ++ran; });
    }
    std::vector<std::function<void()>> outer;
    for (int i = 0; i < 6; ++i) {
        outer.emplace_back([&inner] { detail::run_jobs(inner, 3); });
    }
    detail::run_jobs(outer, 3);
    EXPECT_EQ(ran, 6 * 20);
    ran = 0;
    std::vector<std::thread> callers;
    for (int t = 0; t < 4; ++t) {
        callers.emplace_back([&inner] {
            for (int k = 0; k < 10; ++k) {
                detail::run_jobs(inner, 2);
            }
        });
    }
    for (auto& t : callers) {
        t.join();
    }
    EXPECT_EQ(ran, 4 * 10 * 20);
}

TEST(Parallel, ThreadsFromTheEnvironment) {
    {
        ThreadsEnv env("3");
        EXPECT_EQ(detail::synth_threads(), 3U);
    }
    {
        ThreadsEnv env("zero");
        EXPECT_GE(detail::synth_threads(), 1U) << "an unreadable value falls back to the core count";
    }
}

} // namespace
} // namespace cdk
