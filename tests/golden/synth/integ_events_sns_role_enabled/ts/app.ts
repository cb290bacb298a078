// TypeScript twin of integ_events_sns_role_enabled (see ../../README.md): the app of aws-cdk's
// aws-events-targets/test/sns/integ.sns-event-rule-target-role-enabled.ts (without the IntegTest construct).
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cdk from 'aws-cdk-lib';
import * as targets from 'aws-cdk-lib/aws-events-targets';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'aws-cdk-sns-event-target');
const topic = new sns.Topic(stack, 'MyTopic');
const event = new events.Rule(stack, 'EveryMinute', {
  schedule: events.Schedule.rate(cdk.Duration.minutes(1)),
});
const queue = new sqs.Queue(stack, 'MyQueue');
topic.addSubscription(new subs.SqsSubscription(queue));
const deadLetterQueue = new sqs.Queue(stack, 'MyDeadLetterQueue');
event.addTarget(new targets.SnsTopic(topic, {
  deadLetterQueue,
  authorizeUsingRole: true, // role authorization is enabled
}));
app.synth();
