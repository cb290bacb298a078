// Golden case integ_logs_expose_metric (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.expose-metric.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/cloudwatch/alarm.hpp"
#include "lib/logs/log_group.hpp"

namespace logs = cdk::logs;
namespace cloudwatch = cdk::cloudwatch;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-expose-metric-integ");

    logs::LogGroup log_group(stack, "LogGroup", {.removal_policy = cdk::RemovalPolicy::Destroy});

    const logs::JsonPattern pattern = logs::FilterPattern::exists("$.latency");
    logs::MetricFilter filter(stack, "MetricFilter",
                              {.log_group = &log_group,
                               .filter_pattern = &pattern,
                               .metric_namespace = "MyApp",
                               .metric_name = "Latency",
                               .metric_value = "$.latency"});

    cloudwatch::Alarm alarm(stack, "alarm from metric filter",
                            {.metric = filter.metric(), .threshold = 100, .evaluation_periods = 2});

    app.synth();
    return 0;
}
