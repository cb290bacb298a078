// The C++ CDK app of test_dataplane.py (issue 20's proof), twin of app.ts (the same stack written against
// aws-cdk-lib): a KMS key, a bucket encrypted with it, a queue, a topic the queue is subscribed to, and two
// Node.js functions with the same inline handler (the AWS SDK for JavaScript v3 as the Lambda runtime
// provides it): `Reader` is granted read on the bucket (and so decrypt on the key) and send on the queue,
// `NoGrant` nothing. The handler reads the object `event.key` and sends its text to the queue, and answers
// what each call gave. Two more queues carry the redrive and FIFO proofs: `Retried`, whose messages move to
// the dead-letter queue `Dead` after two receives, and `Ordered`, a FIFO queue with content-based
// deduplication.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/kms/key.hpp"
#include "lib/lambda/function.hpp"
#include "lib/s3/bucket.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sns_subscriptions/subscriptions.hpp"
#include "lib/sqs/queue.hpp"

namespace {

// Kept identical to HANDLER in app.ts.
constexpr const char* kHandler = R"JS(
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const failure = (e) => ({ error: e.name, message: e.message });
exports.handler = async (event) => {
  const out = {};
  try {
    const r = await new S3Client({}).send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: event.key }));
    out.read = { body: await r.Body.transformToString() };
  } catch (e) { out.read = failure(e); }
  try {
    const body = out.read.body === undefined ? 'nothing read' : out.read.body;
    const s = await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: body }));
    out.sent = { messageId: s.MessageId };
  } catch (e) { out.sent = failure(e); }
  return out;
};
)JS";

cdk::lambda::FunctionProps handler_props(const std::string& bucket, const std::string& queue_url) {
    return {.runtime = cdk::lambda::Runtime::NODEJS_22_X,
            .handler = "index.handler",
            .code = cdk::lambda::Code::from_inline(kHandler),
            .environment = {{"BUCKET", bucket}, {"QUEUE_URL", queue_url}},
            .timeout = cdk::Duration::seconds(30)};
}

class DataPlaneStack : public cdk::Stack {
public:
    DataPlaneStack(cdk::Construct& scope, std::string_view id)
        : cdk::Stack(scope, id), key_(*this, "Key", {}), bucket_(*this, "Data", {.encryption_key = &key_}),
          queue_(*this, "Inbox", {}), topic_(*this, "Events", {}), dead_(*this, "Dead", {}),
          retried_(*this, "Retried",
                   {.dead_letter_queue = cdk::sqs::DeadLetterQueue{.queue = &dead_, .max_receive_count = 2}}),
          ordered_(*this, "Ordered", {.fifo = true, .content_based_deduplication = true}),
          reader_(*this, "Reader", handler_props(bucket_.bucket_name(), queue_.queue_url())),
          no_grant_(*this, "NoGrant", handler_props(bucket_.bucket_name(), queue_.queue_url())),
          bucket_name_(*this, "BucketName", {.value = bucket_.bucket_name()}),
          queue_url_(*this, "QueueUrl", {.value = queue_.queue_url()}),
          topic_arn_(*this, "TopicArn", {.value = topic_.topic_arn()}),
          reader_name_(*this, "ReaderName", {.value = reader_.function_name()}),
          no_grant_name_(*this, "NoGrantName", {.value = no_grant_.function_name()}),
          retried_url_(*this, "RetriedQueueUrl", {.value = retried_.queue_url()}),
          dead_url_(*this, "DeadQueueUrl", {.value = dead_.queue_url()}),
          dead_arn_(*this, "DeadQueueArn", {.value = dead_.queue_arn()}),
          ordered_url_(*this, "OrderedQueueUrl", {.value = ordered_.queue_url()}) {
        topic_.add_subscription(cdk::sns_subscriptions::SqsSubscription(queue_));
        bucket_.grant_read(reader_);
        queue_.grant_send_messages(reader_);
    }

private:
    cdk::kms::Key key_;
    cdk::s3::Bucket bucket_;
    cdk::sqs::Queue queue_;
    cdk::sns::Topic topic_;
    cdk::sqs::Queue dead_;
    cdk::sqs::Queue retried_;
    cdk::sqs::Queue ordered_;
    cdk::lambda::Function reader_;
    cdk::lambda::Function no_grant_;
    cdk::CfnOutput bucket_name_;
    cdk::CfnOutput queue_url_;
    cdk::CfnOutput topic_arn_;
    cdk::CfnOutput reader_name_;
    cdk::CfnOutput no_grant_name_;
    cdk::CfnOutput retried_url_;
    cdk::CfnOutput dead_url_;
    cdk::CfnOutput dead_arn_;
    cdk::CfnOutput ordered_url_;
};

} // namespace

int main() {
    cdk::App app;
    DataPlaneStack stack(app, "DataPlaneStack");
    app.synth();
    return 0;
}
