// Benchmark app (twin of ../ts/resources2000.ts): one stack of 2,000 resources.
#include "cfn/cfn_resource.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"

#include <string>

int main() {
    cdk::App app;
    auto& stack = cdk::make<cdk::Stack>(app, "Big");
    for (int i = 0; i < 1000; ++i) {
        auto& group = cdk::make<cdk::Construct>(stack, "Group" + std::to_string(i));
        auto& queue = cdk::make<cdk::CfnResource>(
            group, "Queue",
            cdk::CfnResourceProps{.type = "AWS::SQS::Queue", .properties = {{"VisibilityTimeout", i}}});
        cdk::make<cdk::CfnResource>(
            group, "Param",
            cdk::CfnResourceProps{.type = "AWS::SSM::Parameter",
                                  .properties = {{"Type", "String"},
                                                 {"Value", queue.get_att("Arn")},
                                                 {"Description", "queue " + std::to_string(i)}}});
    }
    app.synth();
    return 0;
}
