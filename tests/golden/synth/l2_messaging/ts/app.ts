// TypeScript twin of l2_messaging (see ../../README.md): ssm, sqs and sns.
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'MessagingStack');
const consumer = new iam.Role(stack, 'Consumer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

const param = new ssm.StringParameter(stack, 'Endpoint', {
  parameterName: '/app/endpoint',
  stringValue: 'https://example.com',
  description: 'service endpoint',
});
param.grantRead(consumer);
const existing = ssm.StringParameter.fromStringParameterName(stack, 'Existing', '/app/existing');
existing.grantRead(consumer);

const dlq = new sqs.Queue(stack, 'DeadLetters', { retentionPeriod: cdk.Duration.days(14) });
const jobs = new sqs.Queue(stack, 'Jobs', {
  visibilityTimeout: cdk.Duration.seconds(60),
  deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
  encryption: sqs.QueueEncryption.KMS_MANAGED,
});
const key = new kms.Key(stack, 'QueueKey');
const secure = new sqs.Queue(stack, 'Secure', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key });
jobs.grantConsumeMessages(consumer);
secure.grantSendMessages(consumer);

const topic = new sns.Topic(stack, 'Events', { displayName: 'app events', topicName: 'app-events' });
const inbox = new sqs.Queue(stack, 'Inbox');
topic.addSubscription(new subs.SqsSubscription(inbox));
topic.addSubscription(new subs.EmailSubscription('ops@example.com'));
topic.addSubscription(new subs.UrlSubscription('https://example.com/hook'));
const handler = new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => 1;'),
});
topic.addSubscription(new subs.LambdaSubscription(handler));
topic.grantPublish(consumer);
new cdk.CfnOutput(stack, 'JobsUrl', { value: jobs.queueUrl });
new cdk.CfnOutput(stack, 'TopicArn', { value: topic.topicArn });
app.synth();
