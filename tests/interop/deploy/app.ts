// A TypeScript CDK app (aws-cdk-lib) for the deploy interop test: a Data stack (S3 bucket, SQS queue) and a
// Fn stack whose Lambda function reads both through cross-stack references, in the account TARGET_ACCOUNT.
import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';

declare const process: { env: Record<string, string | undefined> }; // no @types/node installed

const app = new cdk.App({ context: { '@aws-cdk/core:bootstrapQualifier': 'myapp' } });
const env = { account: process.env.TARGET_ACCOUNT, region: 'ap-southeast-2' };

const data = new cdk.Stack(app, 'InteropData', { env });
const bucket = new s3.Bucket(data, 'Bucket', { removalPolicy: cdk.RemovalPolicy.DESTROY });
const queue = new sqs.Queue(data, 'Queue');

const fnStack = new cdk.Stack(app, 'InteropFn', { env });
const fn = new lambda.Function(fnStack, 'Handler', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline(
    'exports.handler = async () => ({ bucket: process.env.BUCKET, queue: process.env.QUEUE, ' +
      'account: process.env.AWS_ACCOUNT_ID || "" });'),
  environment: { BUCKET: bucket.bucketName, QUEUE: queue.queueUrl },
});
new cdk.CfnOutput(fnStack, 'FunctionName', { value: fn.functionName });
