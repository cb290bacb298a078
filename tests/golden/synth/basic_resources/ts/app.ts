// TypeScript twin of basic_resources (see ../../README.md).
import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'BasicStack', {
  description: 'Basic resources',
  terminationProtection: true,
  tags: { Team: 'platform' },
});
const queue = new cdk.CfnResource(stack, 'Queue', {
  type: 'AWS::SQS::Queue',
  properties: { VisibilityTimeout: 300 },
});
queue.applyRemovalPolicy(cdk.RemovalPolicy.RETAIN);
const topic = new cdk.CfnResource(stack, 'Topic', {
  type: 'AWS::SNS::Topic',
  properties: { DisplayName: 'alerts' },
});
topic.addDependency(queue);
const subscription = new cdk.CfnResource(stack, 'Subscription', {
  type: 'AWS::SNS::Subscription',
  properties: { Protocol: 'sqs', TopicArn: topic.ref, Endpoint: queue.getAtt('Arn') },
});
subscription.addPropertyOverride('RawMessageDelivery', true);
subscription.addOverride('Metadata.Note', 'hand-written');
const group = new Construct(stack, 'Group');
new cdk.CfnResource(group, 'Param', {
  type: 'AWS::SSM::Parameter',
  properties: { Type: 'String', Value: `${cdk.Aws.ACCOUNT_ID}-${queue.getAtt('QueueName')}` },
});
new cdk.CfnOutput(stack, 'QueueUrl', { value: queue.ref, description: 'the queue' });
app.synth();
