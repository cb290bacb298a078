// Golden case integ_events_event_bus (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-events/test/integ.eventbus.ts without `bus.schemaDiscovery(...)` (EventSchemas is not written yet).
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/events/event_bus.hpp"
#include "lib/sqs/queue.hpp"

namespace iam = cdk::iam;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "Stack");
    cdk::sqs::Queue dlq(stack, "DLQ");
    cdk::events::EventBus bus(stack, "Bus",
                              {.description = "myEventBus", .dead_letter_queue_arn = dlq.queue_arn()});
    bus.add_to_resource_policy(iam::PolicyStatement({.sid = "Statement1",
                                                     .actions = {"events:PutEvents"},
                                                     .principals = {iam::AccountPrincipal(stack.account())},
                                                     .resources = {bus.event_bus_arn()}}));
    bus.add_to_resource_policy(iam::PolicyStatement({.sid = "Statement2",
                                                     .actions = {"events:PutRule"},
                                                     .principals = {iam::AccountPrincipal(stack.account())},
                                                     .resources = {bus.event_bus_arn()}}));
    app.synth();
    return 0;
}
