// Golden case integ_sns_fifo (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's integ.sns-fifo.ts; the
// App gets the context of ts/cdk.json.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/sns/topic.hpp"

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "SNSFifoInteg");

    cdk::sns::Topic topic(stack, "MyTopic",
                          {.display_name = "fooDisplayName",
                           .topic_name = "fooTopic",
                           .fifo = true,
                           .content_based_deduplication = true});

    app.synth();
}
