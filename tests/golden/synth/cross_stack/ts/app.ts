// TypeScript twin of cross_stack (see ../../README.md).
import * as cdk from 'aws-cdk-lib';

const app = new cdk.App();
const env = { account: '111111111111', region: 'ap-southeast-2' };
const producer = new cdk.Stack(app, 'Producer', { env });
const queue = new cdk.CfnResource(producer, 'Queue', { type: 'AWS::SQS::Queue' });
const consumer = new cdk.Stack(app, 'Consumer', { env });
new cdk.CfnResource(consumer, 'Param', {
  type: 'AWS::SSM::Parameter',
  properties: { Type: 'String', Value: queue.getAtt('Arn'), Description: queue.ref },
});
app.synth();
