// Benchmark app (twin of ../cpp/four_stacks.cpp): a shared stack and three stages (dev, test, prod), each
// holding a service stack that uses the shared stack's queue through a cross-stack reference.
import * as cdk from 'aws-cdk-lib';

const app = new cdk.App();
const env = { account: '111111111111', region: 'ap-southeast-2' };
const shared = new cdk.Stack(app, 'Shared', { env });
const queue = new cdk.CfnResource(shared, 'Queue', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: 60 } });
for (const name of ['Dev', 'Test', 'Prod']) {
  const stack = new cdk.Stack(app, `${name}Service`, { env });
  const topic = new cdk.CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic', properties: { DisplayName: name } });
  new cdk.CfnResource(stack, 'Subscription', {
    type: 'AWS::SNS::Subscription',
    properties: { Protocol: 'sqs', TopicArn: topic.ref, Endpoint: queue.getAtt('Arn') },
  });
  new cdk.CfnOutput(stack, 'TopicArn', { value: topic.ref });
}
app.synth();
