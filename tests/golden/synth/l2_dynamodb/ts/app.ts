// TypeScript twin of l2_dynamodb (see ../../README.md).
import * as cdk from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'TableStack');

const items = new dynamodb.Table(stack, 'Items', {
  tableName: 'items',
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  sortKey: { name: 'sk', type: dynamodb.AttributeType.NUMBER },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
  timeToLiveAttribute: 'expires',
  pointInTimeRecovery: true,
  removalPolicy: cdk.RemovalPolicy.DESTROY,
});
items.addGlobalSecondaryIndex({
  indexName: 'byOwner',
  partitionKey: { name: 'owner', type: dynamodb.AttributeType.STRING },
  sortKey: { name: 'created', type: dynamodb.AttributeType.NUMBER },
  projectionType: dynamodb.ProjectionType.KEYS_ONLY,
});
items.addLocalSecondaryIndex({
  indexName: 'byStatus',
  sortKey: { name: 'status', type: dynamodb.AttributeType.STRING },
  projectionType: dynamodb.ProjectionType.INCLUDE,
  nonKeyAttributes: ['title'],
});

const provisioned = new dynamodb.Table(stack, 'Provisioned', {
  partitionKey: { name: 'id', type: dynamodb.AttributeType.BINARY },
  billingMode: dynamodb.BillingMode.PROVISIONED,
  readCapacity: 10,
  writeCapacity: 4,
  encryption: dynamodb.TableEncryption.AWS_MANAGED,
});
provisioned.addGlobalSecondaryIndex({
  indexName: 'byName',
  partitionKey: { name: 'name', type: dynamodb.AttributeType.STRING },
  readCapacity: 2,
});

const encrypted = new dynamodb.Table(stack, 'Encrypted', {
  partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  removalPolicy: cdk.RemovalPolicy.DESTROY,
});

const key = new kms.Key(stack, 'TableKey', { description: 'table key' });
const withKey = new dynamodb.Table(stack, 'WithKey', {
  partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  encryptionKey: key,
  stream: dynamodb.StreamViewType.KEYS_ONLY,
});

new dynamodb.Table(stack, 'Owned', {
  partitionKey: { name: 'id', type: dynamodb.AttributeType.NUMBER },
  encryption: dynamodb.TableEncryption.DEFAULT,
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  maxReadRequestUnits: 100,
  maxWriteRequestUnits: 50,
  deletionProtection: true,
  tableClass: dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS,
});

const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
items.grantReadData(reader);
withKey.grantReadData(reader);
const existing = dynamodb.Table.fromTableName(stack, 'Existing', 'existing-table');
existing.grantReadData(reader);

const writer = new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
items.grantWriteData(writer);
encrypted.grantReadWriteData(writer);
const byArn = dynamodb.Table.fromTableArn(stack, 'ByArn', 'arn:aws:dynamodb:ap-southeast-2:111111111111:table/other');
byArn.grantWriteData(writer);

const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
provisioned.grantFullAccess(admin);
items.grant(admin, 'dynamodb:DescribeTimeToLive', 'dynamodb:UpdateTimeToLive');
items.grantStreamRead(admin);
withKey.grantStream(admin, 'dynamodb:DescribeStream');
encrypted.grantFullAccess(admin);
items.grantTableListStreams(admin);

provisioned.grantReadData(new iam.AccountPrincipal('222222222222'));

new cdk.CfnOutput(stack, 'TableArn', { value: items.tableArn });
new cdk.CfnOutput(stack, 'TableName', { value: items.tableName });
new cdk.CfnOutput(stack, 'StreamArn', { value: items.tableStreamArn! });
new cdk.CfnOutput(stack, 'ExistingArn', { value: existing.tableArn });
new cdk.CfnOutput(stack, 'ByArnName', { value: byArn.tableName });
app.synth();
