// Golden case integ_cloudwatch_alarm_with_label (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.alarm-with-label.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/cloudwatch/alarm.hpp"

namespace cloudwatch = cdk::cloudwatch;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "AlarmWithLabelIntegrationTest");

    const cloudwatch::Metric metric(
        {.namespace_ = "CDK/Test", .metric_name = "Metric", .label = "Metric [AVG: ${AVG}]"});

    cloudwatch::Alarm alarm1(stack, "Alarm1", {.metric = metric, .threshold = 100, .evaluation_periods = 3});
    metric.create_alarm(stack, "Alarm2", {.threshold = 100, .evaluation_periods = 3});

    app.synth();
    return 0;
}
