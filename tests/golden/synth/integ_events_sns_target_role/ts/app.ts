// TypeScript twin of integ_events_sns_target_role (see ../../README.md): the app of aws-cdk's
// aws-events-targets/test/sns/integ.sns-target-role.ts (without the IntegTest construct and its assertion).
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { App, Stack } from 'aws-cdk-lib';
import * as targets from 'aws-cdk-lib/aws-events-targets';

const app = new App();
const stack = new Stack(app, 'sns-target-role');
const topic = new sns.Topic(stack, 'MyTopic');
const role = new iam.Role(stack, 'MyRole', {
  assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
});
const event = new events.Rule(stack, 'MyEventRule', {
  eventPattern: {
    detailType: ['sns-target-role-test'],
  },
});
event.addTarget(new targets.SnsTopic(topic, {
  role,
}));
app.synth();
