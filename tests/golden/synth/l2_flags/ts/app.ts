// TypeScript twin of l2_flags (see ../../README.md): the feature flags cdkpp implements, set in cdk.json.
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'FlagsStack');

// @aws-cdk/aws-sns-subscriptions:restrictSqsDescryption
const key = new kms.Key(stack, 'QueueKey', { alias: 'alias/queue' });
const queue = new sqs.Queue(stack, 'Inbox', { encryptionMasterKey: key });
const topic = new sns.Topic(stack, 'Events');
topic.addSubscription(new subs.SqsSubscription(queue));

// @aws-cdk/aws-iam:importedRoleStackSafeDefaultPolicyName
const imported = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/app');
queue.grantConsumeMessages(imported);

// @aws-cdk/aws-kms:aliasNameRef
const alias = new kms.Alias(stack, 'Extra', { aliasName: 'alias/extra', targetKey: key });
new cdk.CfnOutput(stack, 'AliasName', { value: alias.aliasName });

app.synth();
