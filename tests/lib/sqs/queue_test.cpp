// sqs::Queue rendering that the golden cases do not pin down, as aws-cdk-lib 2.276 renders it.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/sqs/queue.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace sqs = cdk::sqs;
using cdk::Json;

namespace {

Json queue_props(cdk::Stack& stack, const std::string& logical_id) {
    return cdk::render_stack_template(stack)["Resources"][logical_id].value("Properties", Json::object());
}

} // namespace

TEST(Queue, UnencryptedRendersSqsManagedSseDisabled) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    sqs::Queue plain(stack, "Plain");
    sqs::Queue off(stack, "Off", {.encryption = sqs::QueueEncryption::Unencrypted});
    sqs::Queue sse(stack, "Sse", {.encryption = sqs::QueueEncryption::SqsManaged});
    const Json t = cdk::render_stack_template(stack);
    EXPECT_FALSE(t["Resources"][plain.resource().logical_id()].contains("Properties"));
    EXPECT_EQ(t["Resources"][off.resource().logical_id()]["Properties"],
              Json({{"SqsManagedSseEnabled", false}}));
    EXPECT_EQ(t["Resources"][sse.resource().logical_id()]["Properties"],
              Json({{"SqsManagedSseEnabled", true}}));
    EXPECT_EQ(plain.encryption_type(), std::nullopt);
    EXPECT_EQ(off.encryption_type(), sqs::QueueEncryption::Unencrypted);
}

TEST(Queue, DataKeyReuseOnlyWithKms) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    sqs::Queue managed(
        stack, "M",
        {.encryption = sqs::QueueEncryption::KmsManaged, .data_key_reuse = cdk::Duration::minutes(5)});
    sqs::Queue sse(
        stack, "Q",
        {.encryption = sqs::QueueEncryption::SqsManaged, .data_key_reuse = cdk::Duration::minutes(5)});
    EXPECT_EQ(queue_props(stack, managed.resource().logical_id())["KmsDataKeyReusePeriodSeconds"], 300);
    EXPECT_FALSE(queue_props(stack, sse.resource().logical_id()).contains("KmsDataKeyReusePeriodSeconds"));
}

TEST(Queue, AKeyTurnsEncryptionIntoKmsWithAWarning) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    cdk::kms::Key key(stack, "K");
    sqs::Queue q(stack, "Q", {.encryption = sqs::QueueEncryption::KmsManaged, .encryption_master_key = &key});
    EXPECT_EQ(q.encryption_type(), sqs::QueueEncryption::Kms);
    EXPECT_EQ(q.encryption_master_key(), &key);
    EXPECT_THROW(sqs::Queue(stack, "Bad",
                            {.encryption = sqs::QueueEncryption::SqsManaged, .encryption_master_key = &key}),
                 cdk::ValidationError);
}

TEST(Queue, FifoIsInferredFromTheFifoOnlyOptions) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    sqs::Queue q(stack, "Q",
                 {.deduplication_scope = sqs::DeduplicationScope::MessageGroup,
                  .fifo_throughput_limit = sqs::FifoThroughputLimit::PerMessageGroupId});
    EXPECT_TRUE(q.fifo());
    EXPECT_EQ(queue_props(stack, q.resource().logical_id()),
              Json({{"DeduplicationScope", "messageGroup"},
                    {"FifoQueue", true},
                    {"FifoThroughputLimit", "perMessageGroupId"}}));
}

TEST(Queue, FailsOnFifoNamesThatDoNotMatch) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(sqs::Queue(stack, "A", {.queue_name = "jobs", .fifo = true}), cdk::ValidationError);
    EXPECT_THROW(sqs::Queue(stack, "B", {.queue_name = "jobs.fifo", .fifo = false}), cdk::ValidationError);
    EXPECT_THROW(sqs::Queue(stack, "C", {.fifo = false, .content_based_deduplication = true}),
                 cdk::ValidationError);
    EXPECT_THROW(sqs::Queue(stack, "D", {.visibility_timeout = cdk::Duration::hours(13)}),
                 cdk::ValidationError);
}

TEST(Queue, RedriveAllowPolicyDefaultsByQueueWithSources) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    sqs::Queue source(stack, "Source");
    sqs::Queue by_queue(stack, "ByQueue",
                        {.redrive_allow_policy = sqs::RedriveAllowPolicy{.source_queues = {&source}}});
    sqs::Queue all(stack, "All", {.redrive_allow_policy = sqs::RedriveAllowPolicy{}});
    const Json p = queue_props(stack, by_queue.resource().logical_id())["RedriveAllowPolicy"];
    EXPECT_EQ(p["redrivePermission"], "byQueue");
    EXPECT_EQ(p["sourceQueueArns"][0], Json({{"Fn::GetAtt", {source.resource().logical_id(), "Arn"}}}));
    EXPECT_EQ(queue_props(stack, all.resource().logical_id())["RedriveAllowPolicy"],
              Json({{"redrivePermission", "allowAll"}}));
    EXPECT_THROW(
        sqs::Queue(stack, "Bad",
                   {.redrive_allow_policy =
                        sqs::RedriveAllowPolicy{.redrive_permission = sqs::RedrivePermission::ByQueue}}),
        cdk::ValidationError);
}

TEST(Queue, EnforceSslDeniesInsecureTransport) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    sqs::Queue q(stack, "Q", {.enforce_ssl = true});
    const Json t = cdk::render_stack_template(stack);
    Json policy;
    for (const auto& [id, r] : t["Resources"].items()) {
        if (r["Type"] == "AWS::SQS::QueuePolicy") policy = r["Properties"]["PolicyDocument"];
    }
    EXPECT_EQ(policy["Statement"][0],
              Json({{"Action", "sqs:*"},
                    {"Condition", {{"Bool", {{"aws:SecureTransport", "false"}}}}},
                    {"Effect", "Deny"},
                    {"Principal", {{"AWS", "*"}}},
                    {"Resource", {{"Fn::GetAtt", {q.resource().logical_id(), "Arn"}}}}}));
}

TEST(Queue, WholeMaxReceiveCountRendersAsAnInteger) {
    // aws-cdk-lib writes the JavaScript number 2 as `2`; `2.0` is not an integer to SQS's RedrivePolicy
    // reader.
    cdk::App app;
    cdk::Stack stack(app, "S");
    sqs::Queue dlq(stack, "Dlq");
    sqs::Queue q(stack, "Q",
                 {.dead_letter_queue = sqs::DeadLetterQueue{.queue = &dlq, .max_receive_count = 2}});
    const Json count = queue_props(stack, q.resource().logical_id())["RedrivePolicy"]["maxReceiveCount"];
    EXPECT_TRUE(count.is_number_integer()) << count.dump();
    EXPECT_EQ(count.dump(), "2");
}
