// TypeScript twin of integ_logs_expose_metric (see ../../README.md): the app of aws-cdk's integ.expose-metric.ts.
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { App, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { FilterPattern, LogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';

class ExposeMetricIntegStack extends Stack {
  constructor(scope: App, id: string, props?: StackProps) {
    super(scope, id, props);

    const logGroup = new LogGroup(this, 'LogGroup', {
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const mf = new MetricFilter(this, 'MetricFilter', {
      logGroup,
      metricNamespace: 'MyApp',
      metricName: 'Latency',
      filterPattern: FilterPattern.exists('$.latency'),
      metricValue: '$.latency',
    });

    new Alarm(this, 'alarm from metric filter', {
      metric: mf.metric(),
      threshold: 100,
      evaluationPeriods: 2,
    });
  }
}

const app = new App();
new ExposeMetricIntegStack(app, 'aws-cdk-expose-metric-integ');
app.synth();
