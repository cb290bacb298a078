// TypeScript twin of l2_pipeline_actions (see ../../README.md): CodeCommit and S3 source actions and
// CloudFormation DeleteStack actions on a codepipeline.Pipeline.
import * as cdk from 'aws-cdk-lib';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'ActionsStack', { env: { account: '999999999999', region: 'ap-southeast-2' } });

const repo = new codecommit.Repository(stack, 'Repo', { repositoryName: 'app', description: 'the app' });
const other = codecommit.Repository.fromRepositoryName(stack, 'Other', 'other-repo');
const config = s3.Bucket.fromBucketName(stack, 'ConfigBucket', 'config-bucket');
const code = new codepipeline.Artifact('Code');
const otherOut = new codepipeline.Artifact('OtherCode');
const configOut = new codepipeline.Artifact('Config');

const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', { crossAccountKeys: false });
const codeAction = new cpactions.CodeCommitSourceAction({
  actionName: 'Code',
  repository: repo,
  branch: 'develop',
  output: code,
  variablesNamespace: 'CodeVars',
});
pipeline.addStage({
  stageName: 'Source',
  actions: [
    codeAction,
    new cpactions.CodeCommitSourceAction({
      actionName: 'Other',
      repository: other,
      output: otherOut,
      trigger: cpactions.CodeCommitTrigger.POLL,
      codeBuildCloneOutput: true,
    }),
    new cpactions.S3SourceAction({
      actionName: 'Config',
      bucket: config,
      bucketKey: 'config/settings.zip',
      output: configOut,
      trigger: cpactions.S3Trigger.NONE,
    }),
  ],
});
pipeline.addStage({
  stageName: 'Cleanup',
  actions: [
    new cpactions.CloudFormationDeleteStackAction({
      actionName: 'DeleteOld',
      stackName: 'old-stack',
      adminPermissions: true,
    }),
    new cpactions.CloudFormationDeleteStackAction({
      actionName: 'DeleteBranch',
      stackName: `preview-${codeAction.variables.branchName}`,
      adminPermissions: false,
      deploymentRole: iam.Role.fromRoleArn(stack, 'CfnExec', 'arn:aws:iam::999999999999:role/cfn-exec'),
      runOrder: 2,
    }),
  ],
});
app.synth();
