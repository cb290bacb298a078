// lambda::EventSourceMapping: aws-cdk-lib's validation and rendering.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/lambda/event_source_mapping.hpp"
#include "lib/lambda/function.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace lambda = cdk::lambda;
using cdk::Json;

namespace {

struct Fixture {
    cdk::App app;
    cdk::Stack stack{app, "S"};
    lambda::Function fn{stack,
                        "F",
                        {.runtime = lambda::Runtime::NODEJS_20_X,
                         .handler = "index.handler",
                         .code = lambda::Code::from_inline("exports.handler = async () => 1;")}};
};

const std::string kArn = "arn:aws:sqs:ap-southeast-2:111111111111:q";

} // namespace

TEST(EventSourceMapping, RefusesOutOfRangeOptions) {
    Fixture f;
    auto bad = [&](const lambda::EventSourceMappingOptions& o) {
        EXPECT_THROW(f.fn.add_event_source_mapping("M", o), cdk::ValidationError);
    };
    bad({.event_source_arn = kArn, .max_batching_window = cdk::Duration::seconds(301)});
    bad({.event_source_arn = kArn, .max_concurrency = 1});
    bad({.event_source_arn = kArn, .max_record_age = cdk::Duration::seconds(59)});
    bad({.event_source_arn = kArn, .retry_attempts = -2});
    bad({.event_source_arn = kArn, .parallelization_factor = 11});
    bad({.event_source_arn = kArn, .tumbling_window = cdk::Duration::seconds(901)});
    bad({.event_source_arn = kArn, .starting_position = lambda::StartingPosition::AtTimestamp});
    bad({.event_source_arn = kArn,
         .starting_position = lambda::StartingPosition::Latest,
         .starting_position_timestamp = 1700000000});
}

TEST(EventSourceMapping, RendersTheOptions) {
    Fixture f;
    lambda::EventSourceMapping& m = f.fn.add_event_source_mapping(
        "M", {.event_source_arn = kArn,
              .batch_size = 7,
              .enabled = false,
              .starting_position = lambda::StartingPosition::AtTimestamp,
              .starting_position_timestamp = 1700000000,
              .report_batch_item_failures = true,
              .max_batching_window = cdk::Duration::minutes(1),
              .max_concurrency = 3,
              .retry_attempts = -1,
              .filters = {lambda::FilterCriteria::filter({{"b", 1}, {"a", lambda::FilterRule::null()}})}});
    EXPECT_EQ(m.node().path(), "S/F/M");
    const Json p = cdk::render_stack_template(f.stack)["Resources"][m.resource().logical_id()]["Properties"];
    EXPECT_EQ(p["BatchSize"], 7);
    EXPECT_EQ(p["Enabled"], false);
    EXPECT_EQ(p["StartingPosition"], "AT_TIMESTAMP");
    EXPECT_EQ(p["StartingPositionTimestamp"], 1700000000);
    EXPECT_EQ(p["FunctionResponseTypes"], Json::array({"ReportBatchItemFailures"}));
    EXPECT_EQ(p["MaximumBatchingWindowInSeconds"], 60);
    EXPECT_EQ(p["ScalingConfig"]["MaximumConcurrency"], 3);
    EXPECT_EQ(p["MaximumRetryAttempts"], -1);
    // The pattern keeps the keys in the order written, as JSON.stringify does.
    EXPECT_EQ(p["FilterCriteria"]["Filters"][0]["Pattern"], R"({"b":1,"a":[null]})");
    EXPECT_EQ(p["FunctionName"], Json({{"Ref", f.fn.resource().logical_id()}}));
}
