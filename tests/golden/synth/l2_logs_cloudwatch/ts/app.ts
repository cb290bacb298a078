// TypeScript twin of l2_logs_cloudwatch (see ../../README.md): log groups, streams, filters, grants, the
// CDK-managed Lambda log group (cdk.json turns @aws-cdk/aws-lambda:useCdkManagedLogGroup on), metrics of
// functions, queues and topics, alarms and their SNS actions.
import * as cdk from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as destinations from 'aws-cdk-lib/aws-logs-destinations';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'LogsCloudWatchStack', { env: { account: '111111111111', region: 'us-east-1' } });

// A function whose log group the flag creates, one with its own log group and JSON logging.
const handler = new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;'),
});
const functionLogs = new logs.LogGroup(stack, 'FunctionLogs', {
  retention: logs.RetentionDays.ONE_WEEK, removalPolicy: cdk.RemovalPolicy.DESTROY,
});
const withLogs = new lambda.Function(stack, 'WithLogGroup', {
  runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 2;'),
  logGroup: functionLogs, loggingFormat: lambda.LoggingFormat.JSON,
  applicationLogLevelV2: lambda.ApplicationLogLevel.INFO, systemLogLevelV2: lambda.SystemLogLevel.WARN,
});

// A named log group kept forever, with a stream, filters and grants.
const appLogs = new logs.LogGroup(stack, 'AppLogs', {
  logGroupName: '/app/logs', retention: logs.RetentionDays.INFINITE, logGroupClass: logs.LogGroupClass.STANDARD,
});
appLogs.addStream('Stream', { logStreamName: 'main' });
appLogs.addMetricFilter('Requests', {
  filterPattern: logs.FilterPattern.spaceDelimited('time', 'component', 'status', '...')
    .whereString('component', '=', 'HttpServer').whereNumber('status', '>=', 500).whereNumber('status', '<', 600),
  metricNamespace: 'MyApp', metricName: 'ServerErrors', defaultValue: 0, unit: cloudwatch.Unit.COUNT,
});
appLogs.addMetricFilter('Mixed', {
  filterPattern: logs.FilterPattern.any(
    logs.FilterPattern.stringValue('$.level', '==', 'ERROR'),
    logs.FilterPattern.all(logs.FilterPattern.numberValue('$.latency', '>', 1.5), logs.FilterPattern.isNull('$.user')),
    logs.FilterPattern.booleanValue('$.retry', true),
    logs.FilterPattern.notExists('$.trace'),
  ),
  metricNamespace: 'MyApp', metricName: 'Mixed', metricValue: '$.latency',
});
appLogs.addMetricFilter('Terms', {
  filterPattern: logs.FilterPattern.anyTermGroup(['ERROR', 'Main"Thread'], ['WARN']),
  metricNamespace: 'MyApp', metricName: 'Terms',
});
appLogs.addMetricFilter('AnyTerm', {
  filterPattern: logs.FilterPattern.anyTerm('a\\b', 'c'), metricNamespace: 'MyApp', metricName: 'AnyTerm',
});
appLogs.addMetricFilter('Everything', {
  filterPattern: logs.FilterPattern.allEvents(), metricNamespace: 'MyApp', metricName: 'Everything',
});
appLogs.addSubscriptionFilter('ToHandler', {
  destination: new destinations.LambdaDestination(handler), filterPattern: logs.FilterPattern.literal('ERROR'),
});
const duration = appLogs.extractMetric('$.duration', 'MyApp', 'RequestDuration');
duration.createAlarm(stack, 'SlowRequests', {
  threshold: 2, evaluationPeriods: 3, datapointsToAlarm: 2,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  alarmName: 'slow-requests', alarmDescription: 'requests are slow', actionsEnabled: false,
});
appLogs.grantWrite(handler);
appLogs.grantRead(withLogs);
logs.LogGroup.fromLogGroupName(stack, 'Imported', '/aws/lambda/other').grantRead(handler);
logs.LogGroup.fromLogGroupArn(stack, 'ImportedByArn', 'arn:aws:logs:us-east-1:111111111111:log-group:shared:*')
  .grant(withLogs, 'logs:DescribeLogStreams');
const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
appLogs.grant(reader, 'logs:GetLogEvents');

// Metrics and alarms.
const topic = new sns.Topic(stack, 'Alarms');
const queue = new sqs.Queue(stack, 'Jobs');
const errors = handler.metricErrors().createAlarm(stack, 'ErrorsAlarm', { threshold: 1, evaluationPeriods: 1 });
errors.addAlarmAction(new actions.SnsAction(topic));
errors.addOkAction(new actions.SnsAction(topic));
errors.addInsufficientDataAction(new actions.SnsAction(topic));
new cloudwatch.Alarm(stack, 'LatencyAlarm', {
  metric: handler.metricDuration({ statistic: cloudwatch.Stats.percentile(99), period: cdk.Duration.minutes(1) }),
  threshold: 1000, evaluationPeriods: 5, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
});
withLogs.metricInvocations({ period: cdk.Duration.hours(1) }).createAlarm(stack, 'NoInvocations', {
  threshold: 1, evaluationPeriods: 24, comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.BREACHING,
});
withLogs.metricThrottles({ statistic: 'max' }).createAlarm(stack, 'Throttled', { threshold: 0, evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD });
handler.metric('ConcurrentExecutions', { statistic: cloudwatch.Stats.trimmedMean(10, 90) })
  .createAlarm(stack, 'Concurrency', { threshold: 50, evaluationPeriods: 2,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD });
queue.metricApproximateNumberOfMessagesVisible().createAlarm(stack, 'Backlog', {
  threshold: 100, evaluationPeriods: 2, treatMissingData: cloudwatch.TreatMissingData.IGNORE,
}).addAlarmAction(new actions.SnsAction(topic));
queue.metricApproximateAgeOfOldestMessage({ unit: cloudwatch.Unit.SECONDS, statistic: 'p90' })
  .createAlarm(stack, 'OldMessages', { threshold: 600, evaluationPeriods: 1, evaluateLowSampleCountPercentile: 'ignore' });
topic.metricNumberOfMessagesPublished({ label: 'published' }).createAlarm(stack, 'Published', {
  threshold: 10, evaluationPeriods: 1, treatMissingData: cloudwatch.TreatMissingData.MISSING,
});
new cloudwatch.Alarm(stack, 'OtherAccount', {
  metric: new cloudwatch.Metric({ namespace: 'Custom', metricName: 'Orders', account: '222222222222',
    dimensionsMap: { Shop: 'north', Channel: 'web' }, statistic: 'n' }),
  threshold: 5, evaluationPeriods: 1,
});
appLogs.metricIncomingLogEvents().createAlarm(stack, 'Quiet', { threshold: 1, evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD });
cloudwatch.Alarm.fromAlarmName(stack, 'ImportedAlarm', 'existing');

app.synth();
