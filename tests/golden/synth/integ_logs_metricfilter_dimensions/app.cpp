// Golden case integ_logs_metricfilter_dimensions (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.metricfilter-dimensions.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/logs/log_group.hpp"

namespace logs = cdk::logs;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-metricfilter-dimensions-integ");

    logs::LogGroup log_group(stack, "LogGroup", {.removal_policy = cdk::RemovalPolicy::Destroy});

    const logs::JsonPattern pattern = logs::FilterPattern::exists("$.latency");
    logs::MetricFilter filter(stack, "MetricFilter",
                              {.log_group = &log_group,
                               .filter_pattern = &pattern,
                               .metric_namespace = "MyApp",
                               .metric_name = "Latency",
                               .metric_value = "$.latency",
                               .dimensions = {{"ErrorCode", "$.errorCode"}}});

    app.synth();
    return 0;
}
