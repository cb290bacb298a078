// Golden case l2_events (see ../README.md): the C++ twin of ts/app.ts (events, events_targets): inputs and
// input transformers, a custom event bus with rules, grants, FIFO message groups.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/events/event_bus.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/lambda_function.hpp"
#include "lib/events_targets/sns_topic.hpp"
#include "lib/events_targets/sqs_queue.hpp"
#include "lib/iam/role.hpp"
#include "lib/lambda/function.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sqs/queue.hpp"

namespace events = cdk::events;
namespace targets = cdk::events_targets;
using cdk::Json;
using events::EventField;
using events::RuleTargetInput;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "EventsStack");
    events::EventBus bus(stack, "Bus", {.event_bus_name = "orders"});
    events::EventBus generated(stack, "Generated");
    events::IEventBus& imported = events::EventBus::from_event_bus_arn(
        stack, "Imported", "arn:aws:events:us-east-1:111111111111:event-bus/partner");
    events::IEventBus& by_name = events::EventBus::from_event_bus_name(stack, "ByName", "default");

    cdk::sqs::Queue queue(stack, "Queue");
    cdk::sqs::Queue fifo(stack, "Fifo", {.fifo = true});
    cdk::sns::Topic topic(stack, "Topic");
    cdk::lambda::Function fn(stack, "Fn",
                             {.runtime = cdk::lambda::Runtime::NODEJS_22_X,
                              .handler = "index.handler",
                              .code = cdk::lambda::Code::from_inline("exports.handler = async () => {};")});

    events::Rule on_bus(stack, "OnBus",
                        {.description = "orders placed",
                         .event_pattern = events::EventPattern{.detail_type = {"OrderPlaced"},
                                                               .source = {"shop"},
                                                               .detail = {{"amount", Json::array({10, 20})}}},
                         .event_bus = &bus});
    on_bus.add_event_pattern(events::EventPattern{.source = {"shop", "admin"}});
    on_bus.add_target(std::make_shared<targets::SqsQueue>(
        queue, targets::SqsQueueProps{
                   .message = RuleTargetInput::from_object(
                       {{"account", EventField::account()},
                        {"detail", EventField::from_path("$.detail")},
                        {"kind", "order"},
                        {"nested",
                         {{"state", EventField::from_path("$.detail.state")}, {"time", EventField::time()}}},
                        {"queue", queue.queue_arn()}})}));
    on_bus.add_target(std::make_shared<targets::SqsQueue>(
        fifo, targets::SqsQueueProps{.base = {.retry_attempts = 3},
                                     .message_group_id = "orders",
                                     .message = RuleTargetInput::from_event_path("$.detail")}));
    on_bus.add_target(std::make_shared<targets::SnsTopic>(
        topic, targets::SnsTopicProps{.message = RuleTargetInput::from_text(
                                          "Order " + EventField::from_path("$.detail.id") + " from " +
                                          EventField::source() + " in " + EventField::region())}));
    on_bus.add_target(std::make_shared<targets::LambdaFunction>(
        fn,
        targets::LambdaFunctionProps{.base = {.max_event_age = cdk::Duration::hours(1)},
                                     .event = RuleTargetInput::from_object({{"fixed", true}, {"n", 1}})}));

    events::Rule nightly(stack, "Nightly",
                         {.enabled = false,
                          .schedule = events::Schedule::cron({.minute = "0", .hour = "3"}),
                          .targets = {std::make_shared<targets::SnsTopic>(
                              topic, targets::SnsTopicProps{.message = RuleTargetInput::from_multiline_text(
                                                                "line one\nline " + EventField::time())})}});
    nightly.add_target(std::make_shared<targets::LambdaFunction>(
        fn, targets::LambdaFunctionProps{.event = RuleTargetInput::from_text("tick")}));

    events::Rule on_generated(
        stack, "OnGenerated",
        {.event_pattern = events::EventPattern{.source = {"app"}}, .event_bus = &generated});
    on_generated.add_target(std::make_shared<targets::LambdaFunction>(fn));

    cdk::iam::Role publisher(stack, "Publisher",
                             {.assumed_by = cdk::iam::ServicePrincipal("lambda.amazonaws.com")});
    bus.grant_put_events_to(publisher);
    imported.grant_put_events_to(publisher);
    by_name.grant_put_events_to(publisher);
    events::EventBus::grant_all_put_events(fn);
    app.synth();
    return 0;
}
