// Benchmark app (twin of ../cpp/resources2000.cpp): one stack of 2,000 resources, 1,000 queues and
// 1,000 parameters each referring to a queue.
import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'Big');
for (let i = 0; i < 1000; ++i) {
  const group = new Construct(stack, `Group${i}`);
  const queue = new cdk.CfnResource(group, 'Queue', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: i } });
  new cdk.CfnResource(group, 'Param', {
    type: 'AWS::SSM::Parameter',
    properties: { Type: 'String', Value: queue.getAtt('Arn'), Description: `queue ${i}` },
  });
}
app.synth();
