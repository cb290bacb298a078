// Golden case integ_events_lambda (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-events-targets/test/lambda/integ.events.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/lambda_function.hpp"
#include "lib/lambda/function.hpp"
#include "lib/sqs/queue.hpp"

namespace events = cdk::events;
namespace targets = cdk::events_targets;
namespace lambda = cdk::lambda;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "lambda-events");
    lambda::Function fn(
        stack, "MyFunc",
        {.runtime = lambda::Runtime::NODEJS_24_X,
         .handler = "index.handler",
         .code = lambda::Code::from_inline("exports.handler = function handler(event, _context, callback) {\n"
                                           "    console.log(JSON.stringify(event, undefined, 2));\n"
                                           "    return callback();\n"
                                           "}")});
    events::Rule timer(stack, "Timer", {.schedule = events::Schedule::rate(cdk::Duration::minutes(1))});
    timer.add_target(std::make_shared<targets::LambdaFunction>(fn));
    events::Rule timer2(stack, "Timer2", {.schedule = events::Schedule::rate(cdk::Duration::minutes(2))});
    timer2.add_target(std::make_shared<targets::LambdaFunction>(fn));
    events::Rule timer3(stack, "Timer3", {.schedule = events::Schedule::rate(cdk::Duration::minutes(2))});
    cdk::sqs::Queue queue(stack, "Queue");
    timer3.add_target(std::make_shared<targets::LambdaFunction>(
        fn, targets::LambdaFunctionProps{.base = {.dead_letter_queue = &queue,
                                                  .retry_attempts = 0,
                                                  .max_event_age = cdk::Duration::hours(2)}}));
    app.synth();
    return 0;
}
