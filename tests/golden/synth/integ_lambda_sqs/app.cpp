// Golden case integ_lambda_sqs (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-lambda-event-sources integ.sqs.ts.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda_event_sources/event_sources.hpp"
#include "lib/sqs/queue.hpp"

namespace lambda = cdk::lambda;
namespace sources = cdk::lambda_event_sources;

namespace {

/// aws-cdk's TestFunction (test-function.ts) with its inline code written out.
lambda::Function& test_function(cdk::Construct& scope, const std::string& id) {
    return cdk::make<lambda::Function>(
        scope, id,
        lambda::FunctionProps{
            .runtime = lambda::Runtime::NODEJS_18_X,
            .handler = "index.handler",
            .code = lambda::Code::from_inline(
                "exports.handler = async function handler(event) {\n    console.log('event:', "
                "JSON.stringify(event, undefined, 2));\n    return { event };\n}")});
}

} // namespace

int main() {
    cdk::App app;
    cdk::Stack stack(app, "lambda-event-source-sqs");
    lambda::Function& fn = test_function(stack, "F");
    cdk::sqs::Queue queue(stack, "Q");
    sources::SqsEventSource source(queue, {.batch_size = 5});
    fn.add_event_source(source);
    cdk::CfnOutput output(stack, "OutputEventSourceMappingArn", {.value = source.event_source_mapping_arn()});
    app.synth();
    return 0;
}
