// Golden case integ_lambda_sns (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-lambda-event-sources integ.sns.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda_event_sources/event_sources.hpp"
#include "lib/sns/topic.hpp"

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
    cdk::Stack stack(app, "lambda-event-source-sns");
    lambda::Function& fn = test_function(stack, "F");
    cdk::sns::Topic topic(stack, "T");
    sources::SnsEventSource source(topic);
    fn.add_event_source(source);
    app.synth();
    return 0;
}
