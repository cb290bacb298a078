// TypeScript twin of integ_logs_metricfilter_unit (see ../../README.md): the app of aws-cdk's
// integ.metricfilter-unit.ts (without the IntegTest wrapper).
import { Unit } from 'aws-cdk-lib/aws-cloudwatch';
import { App, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { FilterPattern, LogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';

class TestStack extends Stack {
  constructor(scope: App, id: string, props?: StackProps) {
    super(scope, id, props);

    const logGroup = new LogGroup(this, 'LogGroup', {
      removalPolicy: RemovalPolicy.DESTROY,
    });

    new MetricFilter(this, 'MetricFilter', {
      logGroup,
      metricNamespace: 'MyApp',
      metricName: 'Latency',
      filterPattern: FilterPattern.exists('$.latency'),
      metricValue: '$.latency',
      dimensions: {
        ErrorCode: '$.errorCode',
      },
      unit: Unit.MILLISECONDS,
    });
  }
}

const app = new App();
new TestStack(app, 'aws-cdk-metricfilter-unit-integ');
app.synth();
