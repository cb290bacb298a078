// TypeScript twin of pipeline_stack_steps (see ../../README.md): steps around single stacks of a stage.
import * as cdk from 'aws-cdk-lib';
import * as pipelines from 'aws-cdk-lib/pipelines';

import { Construct } from 'constructs';

class AppStage extends cdk.Stage {
  readonly db: cdk.Stack;
  readonly app: cdk.Stack;
  constructor(scope: Construct, id: string, props: cdk.StageProps) {
    super(scope, id, props);
    this.db = new cdk.Stack(this, 'Db');
    new cdk.CfnResource(this.db, 'Topic', { type: 'AWS::SNS::Topic' });
    this.app = new cdk.Stack(this, 'App');
    new cdk.CfnResource(this.app, 'Queue', { type: 'AWS::SQS::Queue' });
    this.app.addDependency(this.db);
  }
}

const app = new cdk.App();
const stack = new cdk.Stack(app, 'StepsStack', { env: { account: '999999999999', region: 'ap-southeast-2' } });
const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
  crossAccountKeys: true,
  selfMutation: false,
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.gitHub('OWNER/REPO', 'main'),
    commands: ['scripts/build', 'build/bin/cdkpp synth'],
  }),
});
const dev = new AppStage(stack, 'Dev', { env: { account: '111111111111', region: 'ap-southeast-2' } });
pipeline.addStage(dev, {
  pre: [new pipelines.ManualApprovalStep('Gate')],
  stackSteps: [
    {
      stack: dev.db,
      pre: [new pipelines.ShellStep('Lint', { commands: ['./lint.sh'] })],
      changeSet: [new pipelines.ManualApprovalStep('Review')],
      post: [new pipelines.ShellStep('Verify', { commands: ['./verify.sh'] })],
    },
    { stack: dev.app, changeSet: [new pipelines.ManualApprovalStep('Look')] },
  ],
});
const solo = new AppStage(stack, 'Solo', { env: { account: '222222222222', region: 'ap-southeast-2' } });
pipeline.addStage(solo, { stackSteps: [{ stack: solo.app, post: [new pipelines.ManualApprovalStep('After')] }] });
app.synth();
