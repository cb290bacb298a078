// Golden case cross_stack (see ../README.md): the C++ twin of ts/app.ts.
#include "constructs/app.hpp"

#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"

int main() {
    cdk::App app;
    const cdk::Environment env{"111111111111", "ap-southeast-2"};
    cdk::Stack producer(app, "Producer", {.env = env});
    cdk::Stack consumer(app, "Consumer", {.env = env});
    cdk::CfnResource queue(producer, "Queue", {.type = "AWS::SQS::Queue"});
    cdk::CfnResource param(
        consumer, "Param",
        {.type = "AWS::SSM::Parameter",
         .properties = {{"Type", "String"}, {"Value", queue.get_att("Arn")}, {"Description", queue.ref()}}});
    app.synth();
    return 0;
}
