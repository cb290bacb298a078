// The TypeScript twin of app.cpp (test_dataplane.py, issue 20's proof), against aws-cdk-lib: a KMS key, a bucket
// encrypted with it, a queue, a topic the queue is subscribed to, and two Node.js functions with the same inline
// handler: `Reader` granted read on the bucket and send on the queue, `NoGrant` nothing; `Retried`, whose
// messages move to the dead-letter queue `Dead` after two receives, and `Ordered`, a FIFO queue with
// content-based deduplication.
import * as cdk from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';

// Kept identical to kHandler in app.cpp.
const HANDLER = `
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const failure = (e) => ({ error: e.name, message: e.message });
exports.handler = async (event) => {
  const out = {};
  try {
    const r = await new S3Client({}).send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: event.key }));
    out.read = { body: await r.Body.transformToString() };
  } catch (e) { out.read = failure(e); }
  try {
    const body = out.read.body === undefined ? 'nothing read' : out.read.body;
    const s = await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: body }));
    out.sent = { messageId: s.MessageId };
  } catch (e) { out.sent = failure(e); }
  return out;
};
`;

const app = new cdk.App();
const stack = new cdk.Stack(app, 'DataPlaneStack');
const key = new kms.Key(stack, 'Key');
const bucket = new s3.Bucket(stack, 'Data', { encryptionKey: key });
const queue = new sqs.Queue(stack, 'Inbox');
const topic = new sns.Topic(stack, 'Events');
topic.addSubscription(new subscriptions.SqsSubscription(queue));
const dead = new sqs.Queue(stack, 'Dead');
const retried = new sqs.Queue(stack, 'Retried', { deadLetterQueue: { queue: dead, maxReceiveCount: 2 } });
const ordered = new sqs.Queue(stack, 'Ordered', { fifo: true, contentBasedDeduplication: true });

const props = (): lambda.FunctionProps => ({
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline(HANDLER),
  environment: { BUCKET: bucket.bucketName, QUEUE_URL: queue.queueUrl },
  timeout: cdk.Duration.seconds(30),
});
const reader = new lambda.Function(stack, 'Reader', props());
const noGrant = new lambda.Function(stack, 'NoGrant', props());
bucket.grantRead(reader);
queue.grantSendMessages(reader);

new cdk.CfnOutput(stack, 'BucketName', { value: bucket.bucketName });
new cdk.CfnOutput(stack, 'QueueUrl', { value: queue.queueUrl });
new cdk.CfnOutput(stack, 'TopicArn', { value: topic.topicArn });
new cdk.CfnOutput(stack, 'ReaderName', { value: reader.functionName });
new cdk.CfnOutput(stack, 'NoGrantName', { value: noGrant.functionName });
new cdk.CfnOutput(stack, 'RetriedQueueUrl', { value: retried.queueUrl });
new cdk.CfnOutput(stack, 'DeadQueueUrl', { value: dead.queueUrl });
new cdk.CfnOutput(stack, 'DeadQueueArn', { value: dead.queueArn });
new cdk.CfnOutput(stack, 'OrderedQueueUrl', { value: ordered.queueUrl });
