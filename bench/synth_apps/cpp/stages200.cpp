// Benchmark app (twin of ../ts/stages200.ts): 200 stages, each a nested assembly with one small stack.
#include "cfn/cfn_output.hpp"
#include "cfn/cfn_resource.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"

#include <string>

int main() {
    cdk::App app;
    for (int i = 0; i < 200; ++i) {
        auto& stage =
            cdk::make<cdk::Stage>(app, "Stage" + std::to_string(i),
                                  cdk::StageProps{.env = cdk::Environment{"111111111111", "ap-southeast-2"}});
        auto& stack = cdk::make<cdk::Stack>(stage, "Service");
        auto& topic = cdk::make<cdk::CfnResource>(
            stack, "Topic",
            cdk::CfnResourceProps{.type = "AWS::SNS::Topic",
                                  .properties = {{"DisplayName", "stage " + std::to_string(i)}}});
        auto& queue =
            cdk::make<cdk::CfnResource>(stack, "Queue", cdk::CfnResourceProps{.type = "AWS::SQS::Queue"});
        cdk::make<cdk::CfnResource>(
            stack, "Param",
            cdk::CfnResourceProps{
                .type = "AWS::SSM::Parameter",
                .properties = {{"Type", "String"}, {"Value", topic.ref() + "|" + queue.get_att("Arn")}}});
        cdk::make<cdk::CfnOutput>(stack, "TopicArn", cdk::CfnOutputProps{.value = topic.ref()});
    }
    app.synth();
    return 0;
}
