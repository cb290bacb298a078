// hello_app: a small cdkpp app. Two environment-agnostic stacks share a queue through a cross-stack
// reference; a Stage pinned to an account and region holds a service stack.
//
//   cd examples/hello_app && ../../build/bin/cdkpp synth    (or the stock `cdk synth`)
#include "cfn/cfn_output.hpp"
#include "cfn/cfn_resource.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "tokens/aws.hpp"

#include <iostream>

namespace {

/// A stack owning a queue whose ARN other stacks use.
class QueueStack : public cdk::Stack {
public:
    QueueStack(cdk::Construct& scope, std::string_view id, const cdk::StackProps& props = {})
        : cdk::Stack(scope, id, props),
          queue_(*this, "Queue", {.type = "AWS::SQS::Queue", .properties = {{"VisibilityTimeout", 60}}}) {}

    [[nodiscard]] std::string queue_arn() const { return queue_.get_att("Arn"); }

private:
    cdk::CfnResource queue_;
};

/// A stack that stores the queue ARN of another stack in an SSM parameter.
class ConsumerStack : public cdk::Stack {
public:
    ConsumerStack(cdk::Construct& scope, std::string_view id, const std::string& queue_arn)
        : cdk::Stack(scope, id, {.description = "reads the queue ARN of HelloQueues"}),
          param_(*this, "QueueArnParam",
                 {.type = "AWS::SSM::Parameter", .properties = {{"Type", "String"}, {"Value", queue_arn}}}) {}

private:
    cdk::CfnResource param_;
};

/// What each environment runs.
class ServiceStage : public cdk::Stage {
public:
    ServiceStage(cdk::Construct& scope, std::string_view id, const cdk::StageProps& props)
        : cdk::Stage(scope, id, props), stack_(*this, "Service"),
          topic_(
              stack_, "Topic",
              {.type = "AWS::SNS::Topic", .properties = {{"DisplayName", "hello from " + cdk::Aws::REGION}}}),
          output_(stack_, "TopicArn", {.value = topic_.ref(), .description = "the topic"}) {}

private:
    cdk::Stack stack_;
    cdk::CfnResource topic_;
    cdk::CfnOutput output_;
};

} // namespace

int main() {
    try {
        cdk::App app;
        QueueStack queues(app, "HelloQueues");
        ConsumerStack consumer(app, "HelloConsumer", queues.queue_arn());
        ServiceStage dev(app, "Dev", {.env = cdk::Environment{"111111111111", "ap-southeast-2"}});
        app.synth();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "hello_app: " << e.what() << "\n";
        return 1;
    }
}
