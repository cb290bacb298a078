// TypeScript twin of l2_flags_recommended (see ../../README.md): cdk.json's context is the whole recommended set
// of aws-cdk-lib 2.276, as `cdk init` writes it; the app touches every flag cdkpp implements.
import * as cdk from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';

const app = new cdk.App();
// @aws-cdk/core:enablePartitionLiterals: a known region, so every ARN formatted in the stack says `aws`.
const stack = new cdk.Stack(app, 'RecommendedStack', { env: { account: '111111111111', region: 'us-east-1' } });

// restrictSqsDescryption, aliasNameRef; the key policy's account root principal (enablePartitionLiterals).
const key = new kms.Key(stack, 'QueueKey', { alias: 'alias/queue' });
const queue = new sqs.Queue(stack, 'Inbox', { encryptionMasterKey: key });
const topic = new sns.Topic(stack, 'Events');
topic.addSubscription(new subs.SqsSubscription(queue));
key.grantEncrypt(new iam.AccountPrincipal('333333333333'));
const alias = new kms.Alias(stack, 'Extra', { aliasName: 'alias/extra', targetKey: key });
new cdk.CfnOutput(stack, 'AliasName', { value: alias.aliasName });

// importedRoleStackSafeDefaultPolicyName, minimizePolicies; imports by name (enablePartitionLiterals).
const imported = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/app');
queue.grantConsumeMessages(imported);
queue.grantSendMessages(imported);
s3.Bucket.fromBucketName(stack, 'Existing', 'existing-bucket').grantRead(imported);
ssm.StringParameter.fromStringParameterName(stack, 'Param', '/app/param').grantRead(imported);
const worker = new iam.Role(stack, 'Worker', {
  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  managedPolicies: [
    iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'),
    iam.ManagedPolicy.fromManagedPolicyName(stack, 'Own', 'own-policy'),
  ],
});
queue.grantSendMessages(worker);

// eventsTargetQueueSameAccount (the queue has a key), requireEventBusPolicySid.
const rule = new events.Rule(stack, 'OnOrder', { eventPattern: { source: ['shop'] } });
rule.addTarget(new targets.SqsQueue(queue));
const bus = new events.EventBus(stack, 'Bus');
bus.grantPutEventsTo(new iam.ServicePrincipal('sns.amazonaws.com'), 'FromSns');

// useCdkManagedLogGroup, recognizeLayerVersion, changeLambdaPermissionLogicalIdForLambdaAction.
const fn = new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => 1;'),
});
fn.currentVersion.addAlias('live');
const alarm = fn.metricErrors().createAlarm(stack, 'Errors', { threshold: 1, evaluationPeriods: 1 });
alarm.addAlarmAction(new actions.LambdaAction(fn));

// resourcePolicyPerReplica: the table's policy only in the stack region's replica.
new dynamodb.TableV2(stack, 'Table', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  replicas: [{ region: 'us-west-2' }],
  resourcePolicy: new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        principals: [new iam.AccountRootPrincipal()],
        resources: ['*'],
      }),
    ],
  }),
});

// publicAccessBlockedByDefault: the settings BLOCK_ACLS leaves out are true.
new s3.Bucket(stack, 'Site', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS });
new s3.Bucket(stack, 'Locked', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY });
// Not a flag: dual-layer encryption (issue 22's missing API), with its own key and the AWS managed one.
new s3.Bucket(stack, 'Dual', { encryption: s3.BucketEncryption.DSSE });
new s3.Bucket(stack, 'DualManaged', {
  encryption: s3.BucketEncryption.DSSE_MANAGED,
  lifecycleRules: [{ transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: cdk.Duration.days(30) }] }],
  transitionDefaultMinimumObjectSize: s3.TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS,
});

// crossAccountKeysDefaultValueToFalse, defaultPipelineTypeToV2, useNewDefaultBranchForCodeCommitSource and,
// with crossAccountKeys, crossAccountKeyAliasStackSafeResourceName.
const repo = codecommit.Repository.fromRepositoryName(stack, 'Repo', 'app');
for (const [id, crossAccountKeys] of [['Pipeline', undefined], ['Keyed', true]] as const) {
  const pipeline = new codepipeline.Pipeline(stack, id, { crossAccountKeys });
  pipeline.addStage({
    stageName: 'Source',
    actions: [
      new cpactions.CodeCommitSourceAction({
        actionName: 'Source',
        repository: repo,
        output: new codepipeline.Artifact('Src'),
      }),
    ],
  });
  pipeline.addStage({
    stageName: 'Approve',
    actions: [new cpactions.ManualApprovalAction({ actionName: 'Approve' })],
  });
}

// enablePartitionLiterals in another partition.
const china = new cdk.Stack(app, 'ChinaStack', { env: { account: '222222222222', region: 'cn-north-1' } });
const chinaKey = new kms.Key(china, 'Key');
const reader = new iam.Role(china, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
chinaKey.grantDecrypt(reader);
s3.Bucket.fromBucketName(china, 'Imported', 'china-bucket').grantRead(reader);

app.synth();
