// TypeScript twin of nested_stages (see ../../README.md).
import * as cdk from 'aws-cdk-lib';

const app = new cdk.App();
const root = new cdk.Stack(app, 'Root');
new cdk.CfnResource(root, 'Topic', { type: 'AWS::SNS::Topic' });
const dev = new cdk.Stage(app, 'Dev', { env: { account: '111111111111', region: 'ap-southeast-2' } });
const service = new cdk.Stack(dev, 'Service');
new cdk.CfnResource(service, 'Topic', { type: 'AWS::SNS::Topic' });
const inner = new cdk.Stage(dev, 'Inner');
const worker = new cdk.Stack(inner, 'Worker');
new cdk.CfnResource(worker, 'Queue', { type: 'AWS::SQS::Queue' });
app.synth();
