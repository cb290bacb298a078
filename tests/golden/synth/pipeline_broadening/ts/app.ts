// TypeScript twin of pipeline_broadening (see ../../README.md): a stage whose `pre` step is
// ConfirmPermissionsBroadening with a notification topic.
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as pipelines from 'aws-cdk-lib/pipelines';

import { Construct } from 'constructs';

class AppStage extends cdk.Stage {
  constructor(scope: Construct, id: string, props: cdk.StageProps) {
    super(scope, id, props);
    const stack = new cdk.Stack(this, 'App');
    new iam.Role(stack, 'Worker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  }
}

const app = new cdk.App();
const stack = new cdk.Stack(app, 'BroadeningStack', { env: { account: '999999999999', region: 'ap-southeast-2' } });
const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
  crossAccountKeys: true,
  selfMutation: false,
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.gitHub('OWNER/REPO', 'main'),
    commands: ['scripts/build', 'build/bin/cdkpp synth'],
  }),
});
const topic = new sns.Topic(stack, 'SecurityTopic');
const dev = new AppStage(stack, 'Dev', { env: { account: '111111111111', region: 'ap-southeast-2' } });
pipeline.addStage(dev, { pre: [new pipelines.ConfirmPermissionsBroadening('Check', { stage: dev, notificationTopic: topic })] });
const prod = new AppStage(stack, 'Prod', { env: { account: '333333333333', region: 'ap-southeast-2' } });
pipeline.addStage(prod, { pre: [new pipelines.ConfirmPermissionsBroadening('Check', { stage: prod })] });
app.synth();
