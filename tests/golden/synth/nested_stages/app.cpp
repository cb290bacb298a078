// Golden case nested_stages (see ../README.md): the C++ twin of ts/app.ts.
#include "constructs/app.hpp"

#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"

int main() {
    cdk::App app;
    cdk::Stack root(app, "Root");
    cdk::CfnResource root_topic(root, "Topic", {.type = "AWS::SNS::Topic"});
    cdk::Stage dev(app, "Dev", {.env = cdk::Environment{"111111111111", "ap-southeast-2"}});
    cdk::Stack service(dev, "Service");
    cdk::CfnResource service_topic(service, "Topic", {.type = "AWS::SNS::Topic"});
    cdk::Stage inner(dev, "Inner");
    cdk::Stack worker(inner, "Worker");
    cdk::CfnResource queue(worker, "Queue", {.type = "AWS::SQS::Queue"});
    app.synth();
    return 0;
}
