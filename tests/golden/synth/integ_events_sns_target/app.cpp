// Golden case integ_events_sns_target (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-events-targets/test/sns/integ.sns-event-rule-target.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/sns_topic.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sns_subscriptions/subscriptions.hpp"
#include "lib/sqs/queue.hpp"

namespace events = cdk::events;
namespace targets = cdk::events_targets;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-sns-event-target");
    cdk::sns::Topic topic(stack, "MyTopic");
    events::Rule event(stack, "EveryMinute", {.schedule = events::Schedule::rate(cdk::Duration::minutes(1))});
    cdk::sqs::Queue queue(stack, "MyQueue");
    topic.add_subscription(cdk::sns_subscriptions::SqsSubscription(queue));
    cdk::sqs::Queue dead_letter_queue(stack, "MyDeadLetterQueue");
    event.add_target(std::make_shared<targets::SnsTopic>(
        topic, targets::SnsTopicProps{.base = {.dead_letter_queue = &dead_letter_queue}}));
    app.synth();
    return 0;
}
