// TypeScript twin of integ_events_sqs_target (see ../../README.md): the app of aws-cdk's
// aws-events-targets/test/sqs/integ.sqs-event-rule-target.ts.
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cdk from 'aws-cdk-lib';
import * as targets from 'aws-cdk-lib/aws-events-targets';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'aws-cdk-sqs-event-target');
const key = new kms.Key(stack, 'MyKey');
const event = new events.Rule(stack, 'MyRule', {
  schedule: events.Schedule.rate(cdk.Duration.minutes(1)),
});
const queue = new sqs.Queue(stack, 'MyQueue', {
  encryption: sqs.QueueEncryption.KMS,
  encryptionMasterKey: key,
});
const deadLetterQueue = new sqs.Queue(stack, 'MyDeadLetterQueue', {
  encryption: sqs.QueueEncryption.KMS,
  encryptionMasterKey: key,
});
event.addTarget(new targets.SqsQueue(queue, {
  deadLetterQueue,
}));
app.synth();
