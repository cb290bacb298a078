// TypeScript twin of integ_logs_metricfilter (see ../../README.md): the app of aws-cdk's integ.metricfilter.lit.ts.
import { App, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { FilterPattern, LogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';

class MetricFilterIntegStack extends Stack {
  constructor(scope: App, id: string, props?: StackProps) {
    super(scope, id, props);

    const logGroup = new LogGroup(this, 'LogGroup', {
      removalPolicy: RemovalPolicy.DESTROY,
    });

    new MetricFilter(this, 'MetricFilter', {
      logGroup,
      metricNamespace: 'MyApp',
      metricName: 'Latency',
      filterName: 'MyFilterName',
      filterPattern: FilterPattern.all(
        FilterPattern.exists('$.latency'),
        FilterPattern.regexValue('$.message', '=', 'bind: address already in use'),
      ),
      metricValue: '$.latency',
    });
  }
}

const app = new App();
new MetricFilterIntegStack(app, 'aws-cdk-metricfilter-integ');
app.synth();
