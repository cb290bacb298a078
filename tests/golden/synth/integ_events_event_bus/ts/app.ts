// TypeScript twin of integ_events_event_bus (see ../../README.md): the app of aws-cdk's
// aws-events/test/integ.eventbus.ts without `bus.schemaDiscovery('SchemaDiscovery')` (cdkpp has no
// EventSchemas L2 yet) and without the IntegTest construct.
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { App, Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';

const app = new App();
const stack = new Stack(app, 'Stack');
const dlq = new sqs.Queue(stack, 'DLQ');
const bus = new EventBus(stack, 'Bus', {
  deadLetterQueue: dlq,
  description: 'myEventBus',
});
bus.addToResourcePolicy(new iam.PolicyStatement({
  effect: iam.Effect.ALLOW,
  principals: [new iam.AccountPrincipal(stack.account)],
  actions: ['events:PutEvents'],
  sid: 'Statement1',
  resources: [bus.eventBusArn],
}));
bus.addToResourcePolicy(new iam.PolicyStatement({
  effect: iam.Effect.ALLOW,
  principals: [new iam.AccountPrincipal(stack.account)],
  actions: ['events:PutRule'],
  sid: 'Statement2',
  resources: [bus.eventBusArn],
}));
app.synth();
