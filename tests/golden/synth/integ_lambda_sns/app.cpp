// Golden case integ_lambda_sns (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-lambda-event-sources integ.sns.ts.
#include "constructs/app.hpp"

#include "../support/test_function.hpp"
#include "constructs/stack.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda_event_sources/event_sources.hpp"
#include "lib/sns/topic.hpp"

namespace lambda = cdk::lambda;
namespace sources = cdk::lambda_event_sources;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "lambda-event-source-sns");
    lambda::Function& fn = golden::test_function(stack, "F");
    cdk::sns::Topic topic(stack, "T");
    sources::SnsEventSource source(topic);
    fn.add_event_source(source);
    app.synth();
    return 0;
}
