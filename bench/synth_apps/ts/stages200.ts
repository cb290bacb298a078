// Benchmark app (twin of ../cpp/stages200.cpp): 200 stages, each a nested assembly with one small stack.
import * as cdk from 'aws-cdk-lib';

const app = new cdk.App();
for (let i = 0; i < 200; ++i) {
  const stage = new cdk.Stage(app, `Stage${i}`, { env: { account: '111111111111', region: 'ap-southeast-2' } });
  const stack = new cdk.Stack(stage, 'Service');
  const topic = new cdk.CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic', properties: { DisplayName: `stage ${i}` } });
  const queue = new cdk.CfnResource(stack, 'Queue', { type: 'AWS::SQS::Queue' });
  new cdk.CfnResource(stack, 'Param', {
    type: 'AWS::SSM::Parameter',
    properties: { Type: 'String', Value: `${topic.ref}|${queue.getAtt('Arn')}` },
  });
  new cdk.CfnOutput(stack, 'TopicArn', { value: topic.ref });
}
app.synth();
