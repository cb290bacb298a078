// TypeScript twin of l2_flags_minimize (see ../../README.md): @aws-cdk/aws-iam:minimizePolicies (cdk.json) on
// a role's default policy, a managed policy, a bucket policy and a queue policy.
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'MinimizeStack');

const bucket = new s3.Bucket(stack, 'Data', { enforceSSL: true });
const queue = new sqs.Queue(stack, 'Jobs');
const other = new sqs.Queue(stack, 'Other');

// Role default policy: grants on two resources with overlapping actions, plus statements that must stay apart
// (a condition, a Sid, a Deny, NotAction).
const role = new iam.Role(stack, 'Worker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
bucket.grantRead(role);
bucket.grantPut(role);
queue.grantSendMessages(role);
other.grantSendMessages(role);
queue.grantConsumeMessages(role);
role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }));
role.addToPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'] }));
role.addToPolicy(new iam.PolicyStatement({
  actions: ['logs:PutLogEvents'],
  resources: ['*'],
  conditions: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
}));
role.addToPolicy(new iam.PolicyStatement({ sid: 'Named', actions: ['sqs:ListQueues'], resources: ['*'] }));
role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['s3:DeleteBucket'], resources: ['*'] }));
role.addToPolicy(new iam.PolicyStatement({ notActions: ['iam:*'], resources: [bucket.bucketArn] }));
role.addToPolicy(new iam.PolicyStatement({ notActions: ['iam:*'], resources: [queue.queueArn] }));

// Managed policy: statements on the same queue and on two object prefixes.
new iam.ManagedPolicy(stack, 'Shared', {
  statements: [
    new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('b/*')] }),
    new iam.PolicyStatement({ actions: ['sqs:GetQueueUrl'], resources: [queue.queueArn] }),
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('a/*')] }),
  ],
  roles: [role],
});

// Bucket policy: the same actions for two principals merge their principals; the TLS Deny stays apart.
bucket.addToResourcePolicy(new iam.PolicyStatement({
  actions: ['s3:GetObject'],
  resources: [bucket.arnForObjects('*')],
  principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
}));
bucket.addToResourcePolicy(new iam.PolicyStatement({
  actions: ['s3:GetObject'],
  resources: [bucket.arnForObjects('*')],
  principals: [new iam.ArnPrincipal('arn:aws:iam::111111111111:role/reader')],
}));
bucket.grantRead(new iam.ArnPrincipal('arn:aws:iam::222222222222:role/other'));

// Queue policy: service principals and another account.
queue.grantSendMessages(new iam.ServicePrincipal('sns.amazonaws.com'));
queue.grantSendMessages(new iam.ServicePrincipal('events.amazonaws.com'));
queue.grantPurge(new iam.ArnPrincipal('arn:aws:iam::222222222222:role/other'));
queue.addToResourcePolicy(new iam.PolicyStatement({
  actions: ['sqs:GetQueueAttributes'],
  resources: [queue.queueArn],
  principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
}));

app.synth();
