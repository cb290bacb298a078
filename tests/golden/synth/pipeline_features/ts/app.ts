// TypeScript twin of pipeline_features (see ../../README.md): a wave of two stages, stack dependencies,
// post steps (ShellStep, CodeBuildStep), self-mutation off; a second pipeline without change sets.
import * as cdk from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';

class ServiceStage extends cdk.Stage {
  readonly queueUrl: cdk.CfnOutput;
  constructor(scope: Construct, id: string, props: cdk.StageProps) {
    super(scope, id, props);
    const db = new cdk.Stack(this, 'Db');
    new cdk.CfnResource(db, 'Topic', { type: 'AWS::SNS::Topic' });
    const app = new cdk.Stack(this, 'App');
    const queue = new cdk.CfnResource(app, 'Queue', { type: 'AWS::SQS::Queue' });
    this.queueUrl = new cdk.CfnOutput(app, 'QueueUrl', { value: queue.ref });
    app.addDependency(db);
  }
}

const app = new cdk.App();
const region = 'ap-southeast-2';
const env = { account: '999999999999', region };

function synth(): pipelines.ShellStep {
  return new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.gitHub('OWNER/REPO', 'main'),
    installCommands: ['apt-get install -y ninja-build'],
    commands: ['scripts/build', 'build/bin/cdkpp synth'],
    env: { CI: 'true' },
  });
}

const waves = new cdk.Stack(app, 'WaveStack', { env });
const pipeline = new pipelines.CodePipeline(waves, 'Pipeline', {
  crossAccountKeys: true,
  selfMutation: false,
  synth: synth(),
});
const wave = pipeline.addWave('Apps');
wave.addStage(new ServiceStage(waves, 'Alpha', { env: { account: '111111111111', region } }));
const beta = new ServiceStage(waves, 'Beta', { env: { account: '222222222222', region } });
wave.addStage(beta, {
  post: [new pipelines.ShellStep('Smoke', {
    commands: ['./smoke.sh'],
    envFromCfnOutputs: { QUEUE_URL: beta.queueUrl },
  })],
});
wave.addPost(new pipelines.CodeBuildStep('Check', {
  commands: ['./check.sh'],
  buildEnvironment: { computeType: codebuild.ComputeType.MEDIUM },
  rolePolicyStatements: [new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: ['*'] })],
}));

const direct = new cdk.Stack(app, 'DirectStack', { env });
const second = new pipelines.CodePipeline(direct, 'Pipeline', {
  pipelineName: 'Direct',
  crossAccountKeys: true,
  selfMutation: false,
  useChangeSets: false,
  synth: synth(),
});
second.addStage(new ServiceStage(direct, 'Gamma', { env: { account: '333333333333', region } }), {
  pre: [new pipelines.ManualApprovalStep('Approve', { comment: 'ship it?' })],
});
app.synth();
