// Golden case integ_lambda_sqs_filter (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-lambda-event-sources integ.sqs-with-filter-criteria.ts (without filterEncryption) plus an alias reading
// the queue with the other SQS options.
#include "constructs/app.hpp"

#include "../support/test_function.hpp"
#include "constructs/stack.hpp"
#include "lib/lambda/alias.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda_event_sources/event_sources.hpp"
#include "lib/sqs/queue.hpp"

namespace lambda = cdk::lambda;
namespace sources = cdk::lambda_event_sources;
using lambda::FilterCriteria;
using lambda::FilterRule;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "lambda-event-source-filter-criteria-sqs");
    lambda::Function& fn = golden::test_function(stack, "F");
    cdk::sqs::Queue queue(stack, "Q");
    sources::SqsEventSource first(
        queue,
        {.batch_size = 5, .filters = {FilterCriteria::filter({{"body", {{"id", FilterRule::exists()}}}})}});
    fn.add_event_source(first);

    lambda::Function& fn2 = golden::test_function(stack, "F2");
    lambda::Alias& alias = fn2.add_alias("live");
    sources::SqsEventSource second(
        queue,
        {.batch_size = 100,
         .max_batching_window = cdk::Duration::seconds(20),
         .report_batch_item_failures = true,
         .enabled = true,
         .max_concurrency = 5,
         .filters = {
             FilterCriteria::filter(
                 {{"body",
                   {{"kind", FilterRule::begins_with("order-")}, {"size", FilterRule::not_exists()}}}}),
             FilterCriteria::filter({{"attributes", {{"SenderId", FilterRule::or_of({"a", "b"})}}}})}});
    alias.add_event_source(second);
    app.synth();
    return 0;
}
