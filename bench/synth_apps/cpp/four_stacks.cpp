// Benchmark app (twin of ../ts/four_stacks.ts): a shared stack and three service stacks using its queue.
#include "cfn/cfn_output.hpp"
#include "cfn/cfn_resource.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"

int main() {
    cdk::App app;
    const cdk::Environment env{"111111111111", "ap-southeast-2"};
    auto& shared = cdk::make<cdk::Stack>(app, "Shared", cdk::StackProps{.env = env});
    auto& queue = cdk::make<cdk::CfnResource>(
        shared, "Queue",
        cdk::CfnResourceProps{.type = "AWS::SQS::Queue", .properties = {{"VisibilityTimeout", 60}}});
    for (const char* name : {"Dev", "Test", "Prod"}) {
        auto& stack = cdk::make<cdk::Stack>(app, std::string(name) + "Service", cdk::StackProps{.env = env});
        auto& topic = cdk::make<cdk::CfnResource>(
            stack, "Topic",
            cdk::CfnResourceProps{.type = "AWS::SNS::Topic", .properties = {{"DisplayName", name}}});
        cdk::make<cdk::CfnResource>(
            stack, "Subscription",
            cdk::CfnResourceProps{.type = "AWS::SNS::Subscription",
                                  .properties = {{"Protocol", "sqs"},
                                                 {"TopicArn", topic.ref()},
                                                 {"Endpoint", queue.get_att("Arn")}}});
        cdk::make<cdk::CfnOutput>(stack, "TopicArn", cdk::CfnOutputProps{.value = topic.ref()});
    }
    app.synth();
    return 0;
}
