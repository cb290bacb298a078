// Golden case integ_cloudwatch_metric_with_dimensions (see ../README.md): the C++ twin of ts/app.ts,
// aws-cdk's integ.metric-with-dimensions.ts.
#include "constructs/app.hpp"

#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"
#include "lib/cloudwatch/alarm.hpp"

namespace cloudwatch = cdk::cloudwatch;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-cloudwatch-metric-dimensions");

    cdk::CfnResource queue(stack, "queue", {.type = "AWS::SQS::Queue"});

    std::map<std::string, std::string> dimensions = {{"QueueName", queue.get_att("QueueName")}};
    for (int i = 1; i <= 10; ++i)
        dimensions["BlankD" + std::to_string(i)] = "value" + std::to_string(i);
    const cloudwatch::Metric metric({.namespace_ = "AWS/SQS",
                                     .metric_name = "ApproximateNumberOfMessagesVisible",
                                     .dimensions_map = dimensions});
    metric.create_alarm(stack, "Alarm",
                        {.threshold = 100, .evaluation_periods = 3, .datapoints_to_alarm = 2});

    app.synth();
    return 0;
}
