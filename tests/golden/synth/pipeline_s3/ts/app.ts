// TypeScript twin of pipeline_s3 (see ../../README.md): S3 sources, one on an imported bucket with the
// service's polling (no trigger), one on a bucket of the stack with the events trigger; self-mutation off.
import * as cdk from 'aws-cdk-lib';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
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
const dev = { account: '111111111111', region: 'ap-southeast-2' };

const pollStack = new cdk.Stack(app, 'S3PollStack', { env });
const imported = s3.Bucket.fromBucketName(pollStack, 'SourceBucket', 'app-source-bucket');
const poller = new pipelines.CodePipeline(pollStack, 'Pipeline', {
  crossAccountKeys: true,
  selfMutation: false,
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.s3(imported, 'app/source.zip'),
    commands: ['scripts/build', 'build/bin/cdkpp synth'],
  }),
});
poller.addStage(new AppStage(pollStack, 'Dev', { env: dev }));

const eventsStack = new cdk.Stack(app, 'S3EventsStack', { env });
const bucket = new s3.Bucket(eventsStack, 'Source', { versioned: true });
const pipeline = new pipelines.CodePipeline(eventsStack, 'Pipeline', {
  crossAccountKeys: true,
  selfMutation: false,
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.s3(bucket, 'source.zip', {
      trigger: cpactions.S3Trigger.EVENTS,
      actionName: 'Upload',
    }),
    commands: ['scripts/build', 'build/bin/cdkpp synth'],
  }),
});
pipeline.addStage(new AppStage(eventsStack, 'Dev', { env: dev }));
app.synth();
