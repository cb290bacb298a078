// TypeScript twin of pipeline_codecommit (see ../../README.md): a CodeCommit source with the default
// (events) trigger and one with polling, self-mutation off.
import * as cdk from 'aws-cdk-lib';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';

class AppStage extends cdk.Stage {
  constructor(scope: Construct, id: string, props?: cdk.StageProps) {
    super(scope, id, props);
    const stack = new cdk.Stack(this, 'App');
    new cdk.CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' });
  }
}

const app = new cdk.App();
const env = { account: '999999999999', region: 'ap-southeast-2' };

const eventsStack = new cdk.Stack(app, 'CodeCommitStack', { env });
const repo = codecommit.Repository.fromRepositoryName(eventsStack, 'Repo', 'app-repo');
const pipeline = new pipelines.CodePipeline(eventsStack, 'Pipeline', {
  crossAccountKeys: true,
  selfMutation: false,
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.codeCommit(repo, 'main'),
    commands: ['scripts/build', 'build/bin/cdkpp synth'],
  }),
});
pipeline.addStage(new AppStage(eventsStack, 'Dev', { env: { account: '111111111111', region: 'ap-southeast-2' } }));

const pollStack = new cdk.Stack(app, 'PollStack', { env });
const other = codecommit.Repository.fromRepositoryName(pollStack, 'Other', 'other-repo');
const poller = new pipelines.CodePipeline(pollStack, 'Pipeline', {
  pipelineName: 'Poller',
  crossAccountKeys: true,
  selfMutation: false,
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.codeCommit(other, 'release', {
      trigger: cpactions.CodeCommitTrigger.POLL,
      codeBuildCloneOutput: true,
      actionName: 'Checkout',
    }),
    commands: ['scripts/build', 'build/bin/cdkpp synth'],
  }),
});
poller.addStage(new AppStage(pollStack, 'Test', { env: { account: '222222222222', region: 'ap-southeast-2' } }));
app.synth();
