// TypeScript twin of l2_fidelity (see ../../README.md): the rendering bugs of issue 22 and the sqs / sns / iam
// options added with them.
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'FidelityStack');

// sqs
const unencrypted = new sqs.Queue(stack, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });
new sqs.Queue(stack, 'Secure', { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true });
new sqs.Queue(stack, 'Ordered', {
  queueName: 'ordered.fifo',
  contentBasedDeduplication: true,
  deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
  fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
});
new sqs.Queue(stack, 'Closed', { redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.DENY_ALL } });
new sqs.Queue(stack, 'Restricted', {
  encryption: sqs.QueueEncryption.KMS_MANAGED,
  dataKeyReuse: cdk.Duration.minutes(10),
  redriveAllowPolicy: { sourceQueues: [unencrypted] },
});

// sns
const events = new sns.Topic(stack, 'Events', {
  enforceSSL: true,
  signatureVersion: '2',
  tracingConfig: sns.TracingConfig.ACTIVE,
});
events.addToResourcePolicy(new iam.PolicyStatement({
  actions: ['sns:Publish'],
  principals: [new iam.AnyPrincipal().inOrganization('o-abcdefghij12')],
  resources: [events.topicArn],
}));
const conditioned = new iam.PrincipalWithConditions(new iam.AccountPrincipal('222222222222'),
  { StringEquals: { 'aws:SourceVpc': 'vpc-1' } });
conditioned.addCondition('StringEquals', { 'aws:SourceVpce': 'vpce-1' });
conditioned.addCondition('Bool', { 'aws:SecureTransport': 'true' });
events.addToResourcePolicy(new iam.PolicyStatement({
  sid: 'FromPartner',
  actions: ['sns:Subscribe'],
  principals: [conditioned],
  resources: [events.topicArn],
}));
events.addToResourcePolicy(new iam.PolicyStatement({
  actions: ['sns:GetTopicAttributes'],
  principals: [new iam.OrganizationPrincipal('o-abcdefghij12')],
  resources: [events.topicArn],
}));
new sns.Topic(stack, 'Sequenced', {
  topicName: 'sequenced',
  fifo: true,
  contentBasedDeduplication: true,
  messageRetentionPeriodInDays: 7,
  fifoThroughputScope: sns.FifoThroughputScope.MESSAGE_GROUP,
});
const logRole = new iam.Role(stack, 'LogRole', { assumedBy: new iam.ServicePrincipal('sns.amazonaws.com') });
new sns.Topic(stack, 'Logged', {
  loggingConfigs: [{
    protocol: sns.LoggingProtocol.SQS,
    failureFeedbackRole: logRole,
    successFeedbackRole: logRole,
    successFeedbackSampleRate: 50,
  }],
});
const shared = new sns.Topic(stack, 'Shared');
const sharedPolicy = new sns.TopicPolicy(stack, 'SharedPolicy', { topics: [shared], enforceSSL: true });
sharedPolicy.document.addStatements(new iam.PolicyStatement({
  actions: ['sns:Publish'],
  principals: [new iam.AccountPrincipal('333333333333')],
  resources: [shared.topicArn],
}));
new sns.TopicPolicy(stack, 'CustomPolicy', {
  topics: [shared],
  policyDocument: new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({
      actions: ['sns:Publish'],
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      resources: [shared.topicArn],
    })],
  }),
});

// iam
const importedA = iam.Role.fromRoleArn(stack, 'ImportedA', 'arn:aws:iam::111111111111:role/app');
const importedB = iam.Role.fromRoleArn(stack, 'ImportedB', 'arn:aws:iam::111111111111:role/app');
const managed = new iam.ManagedPolicy(stack, 'Managed', {
  statements: [new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: ['*'] })],
  roles: [importedA],
});
managed.attachToRole(importedB);
const inline = new iam.Policy(stack, 'Inline', {
  statements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] })],
  roles: [importedA],
});
inline.attachToRole(importedB);
new iam.Role(stack, 'OrgRole', { assumedBy: new iam.OrganizationPrincipal('o-abcdefghij12') });
const devs = new iam.Group(stack, 'Devs', { path: '/teams/' });
const alice = new iam.User(stack, 'Alice', {
  userName: 'alice',
  groups: [devs],
  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
  path: '/people/',
});
alice.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }));
devs.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:ListQueues'], resources: ['*'] }));
devs.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AWSCodeCommitReadOnly'));
managed.attachToUser(alice);
managed.attachToGroup(devs);
inline.attachToUser(alice);
unencrypted.grantSendMessages(alice);
events.grantPublish(devs);

// sns subscriptions
const orders = new sns.Topic(stack, 'Orders');
const undeliverable = new sqs.Queue(stack, 'Undeliverable');
const inbox = new sqs.Queue(stack, 'Inbox');
orders.addSubscription(new subs.SqsSubscription(inbox, {
  rawMessageDelivery: true,
  deadLetterQueue: undeliverable,
  filterPolicy: {
    color: sns.SubscriptionFilter.stringFilter({ allowlist: ['red', 'green'], denylist: ['blue'], matchPrefixes: ['bl'] }),
    size: sns.SubscriptionFilter.numericFilter({ between: { start: 1, stop: 10 }, greaterThan: 0 }),
    store: sns.SubscriptionFilter.existsFilter(),
  },
}));
const handler = new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.PYTHON_3_13,
  handler: 'index.handler',
  code: lambda.Code.fromInline('def handler(event, context):\n    return 1'),
});
orders.addSubscription(new subs.LambdaSubscription(handler, {
  deadLetterQueue: undeliverable,
  filterPolicyWithMessageBody: {
    background: sns.FilterOrPolicy.policy({
      color: sns.FilterOrPolicy.filter(sns.SubscriptionFilter.stringFilter({ allowlist: ['red'] })),
    }),
    price: sns.FilterOrPolicy.filter(sns.SubscriptionFilter.numericFilter({ lessThan: 100 })),
  },
}));
orders.addSubscription(new subs.UrlSubscription('https://example.com/orders', {
  rawMessageDelivery: true,
  deliveryPolicy: {
    healthyRetryPolicy: { minDelayTarget: cdk.Duration.seconds(5), numRetries: 6, backoffFunction: sns.BackoffFunction.EXPONENTIAL },
    throttlePolicy: { maxReceivesPerSecond: 10 },
    requestPolicy: { headerContentType: 'application/json' },
  },
}));
orders.addSubscription(new subs.SmsSubscription('+15555550100'));
orders.addSubscription(new subs.EmailSubscription('ops@example.com', { json: true }));

// kms
const admin = new iam.Role(stack, 'KeyAdmin', { assumedBy: new iam.AccountRootPrincipal() });
new kms.Key(stack, 'Rotated', { rotationPeriod: cdk.Duration.days(180), admins: [admin] });
const signing = new kms.Key(stack, 'Signing', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });
signing.grantSignVerify(admin);
const mac = new kms.Key(stack, 'Mac', { keySpec: kms.KeySpec.HMAC_256, keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC });
mac.grantGenerateMac(admin);
new kms.Key(stack, 'OwnPolicy', {
  policy: new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({
      actions: ['kms:*'],
      principals: [new iam.AccountPrincipal('111111111111')],
      resources: ['*'],
    })],
  }),
  multiRegion: true,
});

// ssm
const zones = new ssm.StringListParameter(stack, 'Zones', {
  parameterName: '/app/zones',
  stringListValue: ['a', 'b', 'c'],
  description: 'zones',
});
zones.grantRead(admin);
const existing = ssm.StringListParameter.fromStringListParameterName(stack, 'ExistingList', '/app/existing-list');
existing.grantRead(admin);
new cdk.CfnOutput(stack, 'FirstZone', { value: cdk.Fn.select(0, zones.stringListValue) });

app.synth();
