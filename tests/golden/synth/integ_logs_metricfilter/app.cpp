// Golden case integ_logs_metricfilter (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.metricfilter.lit.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/logs/log_group.hpp"

namespace logs = cdk::logs;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "aws-cdk-metricfilter-integ");

    logs::LogGroup log_group(stack, "LogGroup", {.removal_policy = cdk::RemovalPolicy::Destroy});

    const logs::JsonPattern pattern = logs::FilterPattern::all(
        {logs::FilterPattern::exists("$.latency"),
         logs::FilterPattern::regex_value("$.message", "=", "bind: address already in use")});
    logs::MetricFilter filter(stack, "MetricFilter",
                              {.log_group = &log_group,
                               .filter_pattern = &pattern,
                               .metric_namespace = "MyApp",
                               .metric_name = "Latency",
                               .metric_value = "$.latency",
                               .filter_name = "MyFilterName"});

    app.synth();
    return 0;
}
