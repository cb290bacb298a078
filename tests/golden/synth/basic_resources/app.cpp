// Golden case basic_resources (see ../README.md): the C++ twin of ts/app.ts.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"
#include "tokens/aws.hpp"

int main() {
    cdk::App app;
    cdk::Stack stack(
        app, "BasicStack",
        {.description = "Basic resources", .tags = {{"Team", "platform"}}, .termination_protection = true});
    cdk::CfnResource queue(stack, "Queue",
                           {.type = "AWS::SQS::Queue", .properties = {{"VisibilityTimeout", 300}}});
    queue.apply_removal_policy(cdk::RemovalPolicy::Retain);
    cdk::CfnResource topic(stack, "Topic",
                           {.type = "AWS::SNS::Topic", .properties = {{"DisplayName", "alerts"}}});
    topic.add_dependency(queue);
    cdk::CfnResource subscription(
        stack, "Subscription",
        {.type = "AWS::SNS::Subscription",
         .properties = {{"Protocol", "sqs"}, {"TopicArn", topic.ref()}, {"Endpoint", queue.get_att("Arn")}}});
    subscription.add_property_override("RawMessageDelivery", true);
    subscription.add_override("Metadata.Note", "hand-written");
    cdk::Construct group(stack, "Group");
    cdk::CfnResource param(
        group, "Param",
        {.type = "AWS::SSM::Parameter",
         .properties = {{"Type", "String"},
                        {"Value", cdk::Aws::ACCOUNT_ID + "-" + queue.get_att("QueueName")}}});
    cdk::CfnOutput output(stack, "QueueUrl", {.value = queue.ref(), .description = "the queue"});
    app.synth();
    return 0;
}
