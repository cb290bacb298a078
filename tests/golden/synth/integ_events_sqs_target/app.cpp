// Golden case integ_events_sqs_target (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-events-targets/test/sqs/integ.sqs-event-rule-target.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/sqs_queue.hpp"
#include "lib/kms/key.hpp"
#include "lib/sqs/queue.hpp"

namespace events = cdk::events;
namespace targets = cdk::events_targets;
namespace sqs = cdk::sqs;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-sqs-event-target");
    cdk::kms::Key key(stack, "MyKey");
    events::Rule event(stack, "MyRule", {.schedule = events::Schedule::rate(cdk::Duration::minutes(1))});
    sqs::Queue queue(stack, "MyQueue",
                     {.encryption = sqs::QueueEncryption::Kms, .encryption_master_key = &key});
    sqs::Queue dead_letter_queue(stack, "MyDeadLetterQueue",
                                 {.encryption = sqs::QueueEncryption::Kms, .encryption_master_key = &key});
    event.add_target(std::make_shared<targets::SqsQueue>(
        queue, targets::SqsQueueProps{.base = {.dead_letter_queue = &dead_letter_queue}}));
    app.synth();
    return 0;
}
