// TypeScript twin of l2_events (see ../../README.md).
import * as cdk from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';

const { EventField, RuleTargetInput } = events;
const app = new cdk.App();
const stack = new cdk.Stack(app, 'EventsStack');
const bus = new events.EventBus(stack, 'Bus', { eventBusName: 'orders' });
const generated = new events.EventBus(stack, 'Generated');
const imported = events.EventBus.fromEventBusArn(stack, 'Imported', 'arn:aws:events:us-east-1:111111111111:event-bus/partner');
const byName = events.EventBus.fromEventBusName(stack, 'ByName', 'default');

const queue = new sqs.Queue(stack, 'Queue');
const fifo = new sqs.Queue(stack, 'Fifo', { fifo: true });
const topic = new sns.Topic(stack, 'Topic');
const fn = new lambda.Function(stack, 'Fn', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => {};'),
});

const onBus = new events.Rule(stack, 'OnBus', {
  description: 'orders placed',
  eventPattern: { detailType: ['OrderPlaced'], source: ['shop'], detail: { amount: [10, 20] } },
  eventBus: bus,
});
onBus.addEventPattern({ source: ['shop', 'admin'] });
onBus.addTarget(new targets.SqsQueue(queue, {
  message: RuleTargetInput.fromObject({
    account: EventField.account,
    detail: EventField.fromPath('$.detail'),
    kind: 'order',
    nested: { state: EventField.fromPath('$.detail.state'), time: EventField.time },
    queue: queue.queueArn,
  }),
}));
onBus.addTarget(new targets.SqsQueue(fifo, {
  retryAttempts: 3,
  messageGroupId: 'orders',
  message: RuleTargetInput.fromEventPath('$.detail'),
}));
onBus.addTarget(new targets.SnsTopic(topic, {
  message: RuleTargetInput.fromText(
    `Order ${EventField.fromPath('$.detail.id')} from ${EventField.source} in ${EventField.region}`),
}));
onBus.addTarget(new targets.LambdaFunction(fn, {
  maxEventAge: cdk.Duration.hours(1),
  event: RuleTargetInput.fromObject({ fixed: true, n: 1 }),
}));

const nightly = new events.Rule(stack, 'Nightly', {
  enabled: false,
  schedule: events.Schedule.cron({ minute: '0', hour: '3' }),
  targets: [new targets.SnsTopic(topic, {
    message: RuleTargetInput.fromMultilineText(`line one\nline ${EventField.time}`),
  })],
});
nightly.addTarget(new targets.LambdaFunction(fn, { event: RuleTargetInput.fromText('tick') }));

const onGenerated = new events.Rule(stack, 'OnGenerated', {
  eventPattern: { source: ['app'] },
  eventBus: generated,
});
onGenerated.addTarget(new targets.LambdaFunction(fn));

const publisher = new iam.Role(stack, 'Publisher', {
  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
});
bus.grantPutEventsTo(publisher);
imported.grantPutEventsTo(publisher);
byName.grantPutEventsTo(publisher);
events.EventBus.grantAllPutEvents(fn);
app.synth();
