// Golden case integ_lambda_sqs (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-lambda-event-sources integ.sqs.ts.
#include "constructs/app.hpp"

#include "../support/test_function.hpp"
#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda_event_sources/event_sources.hpp"
#include "lib/sqs/queue.hpp"

namespace lambda = cdk::lambda;
namespace sources = cdk::lambda_event_sources;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "lambda-event-source-sqs");
    lambda::Function& fn = golden::test_function(stack, "F");
    cdk::sqs::Queue queue(stack, "Q");
    sources::SqsEventSource source(queue, {.batch_size = 5});
    fn.add_event_source(source);
    cdk::CfnOutput output(stack, "OutputEventSourceMappingArn", {.value = source.event_source_mapping_arn()});
    app.synth();
    return 0;
}
