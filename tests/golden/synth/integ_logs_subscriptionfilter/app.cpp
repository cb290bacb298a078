// Golden case integ_logs_subscriptionfilter (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.subscriptionfilter.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/lambda/function.hpp"
#include "lib/logs/log_group.hpp"
#include "lib/logs_destinations/lambda_destination.hpp"

namespace logs = cdk::logs;
namespace lambda = cdk::lambda;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-subscriptionfilter-integ");

    logs::LogGroup log_group(stack, "LogGroup");

    lambda::Function fn(stack, "Function",
                        {.runtime = lambda::Runtime::NODEJS_20_X,
                         .handler = "index.handler",
                         .code = lambda::Code::from_inline("foo")});

    const cdk::logs_destinations::LambdaDestination destination(fn);
    const logs::TextPattern pattern = logs::FilterPattern::all_terms({"ERROR", "MainThread"});
    log_group.add_subscription_filter("Subscription", {.destination = &destination,
                                                       .filter_pattern = &pattern,
                                                       .filter_name = "CustomSubscriptionFilterName"});

    app.synth();
    return 0;
}
