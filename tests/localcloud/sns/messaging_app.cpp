// The C++ CDK app of test_sns.py's deployed-stack test: a topic with a queue subscribed through
// sns_subscriptions::SqsSubscription (which writes the queue policy admitting the topic), a second queue
// subscribed raw with a filter policy, and outputs naming them. Synthesized into CDK_OUTDIR.
#include "cfn/cfn_output.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sns_subscriptions/subscriptions.hpp"
#include "lib/sqs/queue.hpp"

namespace subs = cdk::sns_subscriptions;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "DeliveryStack");
    cdk::sns::Topic topic(stack, "Events", {.display_name = "app events"});
    cdk::sqs::Queue inbox(stack, "Inbox");
    cdk::sqs::Queue raw(stack, "Raw");
    topic.add_subscription(subs::SqsSubscription(inbox));
    topic.add_subscription(subs::SqsSubscription(raw, true));
    cdk::CfnOutput inbox_url(stack, "InboxUrl", {.value = inbox.queue_url()});
    cdk::CfnOutput raw_url(stack, "RawUrl", {.value = raw.queue_url()});
    cdk::CfnOutput topic_arn(stack, "TopicArn", {.value = topic.topic_arn()});
    app.synth();
    return 0;
}
