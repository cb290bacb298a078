// lambda_event_sources: SQS, SNS and DynamoDB sources bound to functions and aliases.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/lambda/alias.hpp"
#include "lib/lambda_event_sources/event_sources.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace ddb = cdk::dynamodb;
namespace lambda = cdk::lambda;
namespace sources = cdk::lambda_event_sources;
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

    Json resources_of_type(const std::string& type) {
        Json out = Json::array();
        const Json resources = cdk::render_stack_template(stack)["Resources"];
        for (const auto& [id, r] : resources.items()) {
            if (r["Type"] == type) out.push_back(r);
        }
        return out;
    }
};

} // namespace

TEST(SqsEventSource, BatchSizeDependsOnTheBatchingWindow) {
    Fixture f;
    cdk::sqs::Queue q(f.stack, "Q");
    EXPECT_THROW(sources::SqsEventSource(q, {.batch_size = 11}), cdk::ValidationError);
    EXPECT_NO_THROW(
        sources::SqsEventSource(q, {.batch_size = 11, .max_batching_window = cdk::Duration::seconds(1)}));
    EXPECT_THROW(
        sources::SqsEventSource(q, {.batch_size = 10001, .max_batching_window = cdk::Duration::seconds(1)}),
        cdk::ValidationError);
    EXPECT_THROW(sources::SqsEventSource(q, {.max_batching_window = cdk::Duration::seconds(301)}),
                 cdk::ValidationError);
}

TEST(SqsEventSource, MappingIdAndArnNeedABinding) {
    Fixture f;
    cdk::sqs::Queue q(f.stack, "Q");
    sources::SqsEventSource s(q);
    EXPECT_THROW((void)s.event_source_mapping_arn(), cdk::ValidationError);
    f.fn.add_event_source(s);
    EXPECT_NO_THROW((void)s.event_source_mapping_arn());
    // Named after the queue's unique id (Names.nodeUniqueId: the path's ids and an 8-digit hash).
    bool named = false;
    for (const cdk::Construct* child : f.fn.node().children()) {
        const std::string& id = child->node().id();
        named = named || (id.rfind("SqsEventSource:SQ", 0) == 0 && id.size() == 17 + 8);
    }
    EXPECT_TRUE(named);
}

TEST(SqsEventSource, OnAnAliasTheMappingNamesTheAliasAndTheRoleIsGranted) {
    Fixture f;
    cdk::sqs::Queue q(f.stack, "Q");
    lambda::Alias& alias = f.fn.add_alias("live");
    sources::SqsEventSource s(q, {.report_batch_item_failures = true});
    alias.add_event_source(s);
    const Json mappings = f.resources_of_type("AWS::Lambda::EventSourceMapping");
    ASSERT_EQ(mappings.size(), 1u);
    EXPECT_TRUE(mappings[0]["Properties"]["FunctionName"].contains("Fn::Join"));
    const Json policies = f.resources_of_type("AWS::IAM::Policy");
    ASSERT_EQ(policies.size(), 1u);
    EXPECT_EQ(policies[0]["Properties"]["PolicyDocument"]["Statement"][0]["Action"][0], "sqs:ReceiveMessage");
}

TEST(DynamoEventSource, NeedsAStreamAndAStartingPosition) {
    Fixture f;
    ddb::Table no_stream(f.stack, "T", {.partition_key = {"id", ddb::AttributeType::String}});
    EXPECT_THROW(sources::DynamoEventSource(no_stream, {}), cdk::ValidationError);
    sources::DynamoEventSource s(no_stream, {.starting_position = lambda::StartingPosition::Latest});
    EXPECT_THROW(f.fn.add_event_source(s), cdk::ValidationError);
}

TEST(DynamoEventSource, DefaultsToBatchesOf100AndGrantsTheDlq) {
    Fixture f;
    ddb::Table t(
        f.stack, "T",
        {.partition_key = {"id", ddb::AttributeType::String}, .stream = ddb::StreamViewType::KeysOnly});
    cdk::sqs::Queue dlq(f.stack, "Dlq");
    sources::SqsDlq on_failure(dlq);
    sources::DynamoEventSource s(
        t, {.starting_position = lambda::StartingPosition::TrimHorizon, .on_failure = &on_failure});
    f.fn.add_event_source(s);
    const Json m = f.resources_of_type("AWS::Lambda::EventSourceMapping");
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0]["Properties"]["BatchSize"], 100);
    EXPECT_EQ(m[0]["Properties"]["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][1], "Arn");
    const Json statements =
        f.resources_of_type("AWS::IAM::Policy")[0]["Properties"]["PolicyDocument"]["Statement"];
    EXPECT_EQ(statements[0]["Action"][0], "sqs:SendMessage");
}

TEST(SnsEventSource, SubscribesTheFunction) {
    Fixture f;
    cdk::sns::Topic topic(f.stack, "T");
    sources::SnsEventSource s(topic);
    f.fn.add_event_source(s);
    EXPECT_EQ(f.resources_of_type("AWS::SNS::Subscription").size(), 1u);
    EXPECT_EQ(f.resources_of_type("AWS::Lambda::Permission").size(), 1u);
}
