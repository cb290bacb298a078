// TypeScript twin of integ_dynamodb_sse (see ../../README.md): the app of aws-cdk's integ.dynamodb.sse.ts.
import * as cdk from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

const S = ddb.AttributeType.STRING;
const N = ddb.AttributeType.NUMBER;
const hashKey = { name: 'hashKey', type: S };
const sortKey = { name: 'sortKey', type: N };
const gsiHashKey = { name: 'gsiHashKey', type: S };
const gsiSortKey = { name: 'gsiSortKey', type: N };
const lsiSortKey = { name: 'lsiSortKey', type: N };
const letters = (from: string, count: number) =>
  Array.from({ length: count }, (_, i) => String.fromCharCode(from.charCodeAt(0) + i));

const app = new cdk.App();
const stack = new cdk.Stack(app, 'aws-cdk-dynamodb');
const destroy = cdk.RemovalPolicy.DESTROY;

const table = new ddb.Table(stack, 'Table', {
  partitionKey: hashKey, removalPolicy: destroy, encryption: ddb.TableEncryption.CUSTOMER_MANAGED,
});

const both = new ddb.Table(stack, 'TableWithGlobalAndLocalSecondaryIndex', {
  partitionKey: hashKey,
  sortKey,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  encryption: ddb.TableEncryption.AWS_MANAGED,
  stream: ddb.StreamViewType.KEYS_ONLY,
  timeToLiveAttribute: 'timeToLive',
  removalPolicy: destroy,
});
cdk.Tags.of(both).add('Environment', 'Production');
both.addGlobalSecondaryIndex({ indexName: 'GSI-PartitionKeyOnly', partitionKey: gsiHashKey });
both.addGlobalSecondaryIndex({
  indexName: 'GSI-PartitionAndSortKeyWithReadAndWriteCapacity',
  partitionKey: gsiHashKey, sortKey: gsiSortKey, readCapacity: 10, writeCapacity: 10,
});
both.addGlobalSecondaryIndex({
  indexName: 'GSI-ProjectionTypeKeysOnly',
  partitionKey: gsiHashKey, sortKey: gsiSortKey, projectionType: ddb.ProjectionType.KEYS_ONLY,
});
both.addGlobalSecondaryIndex({
  indexName: 'GSI-ProjectionTypeInclude',
  partitionKey: gsiHashKey, sortKey: gsiSortKey,
  projectionType: ddb.ProjectionType.INCLUDE, nonKeyAttributes: letters('A', 10),
});
both.addGlobalSecondaryIndex({ indexName: 'GSI-InverseTableKeySchema', partitionKey: sortKey, sortKey: hashKey });
both.addLocalSecondaryIndex({ indexName: 'LSI-PartitionAndTableSortKey', sortKey: lsiSortKey });
both.addLocalSecondaryIndex({ indexName: 'LSI-PartitionAndSortKey', sortKey });
both.addLocalSecondaryIndex({
  indexName: 'LSI-ProjectionTypeKeysOnly', sortKey: lsiSortKey, projectionType: ddb.ProjectionType.KEYS_ONLY,
});
both.addLocalSecondaryIndex({
  indexName: 'LSI-ProjectionTypeInclude', sortKey: lsiSortKey,
  projectionType: ddb.ProjectionType.INCLUDE, nonKeyAttributes: letters('K', 10),
});

const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
const withGsi = new ddb.Table(stack, 'TableWithGlobalSecondaryIndex', {
  partitionKey: hashKey, removalPolicy: destroy, encryptionKey: key,
});
withGsi.addGlobalSecondaryIndex({ indexName: 'GSI-PartitionKeyOnly', partitionKey: gsiHashKey });

const withLsi = new ddb.Table(stack, 'TableWithLocalSecondaryIndex', {
  partitionKey: hashKey, sortKey, removalPolicy: destroy, encryption: ddb.TableEncryption.DEFAULT,
});
withLsi.addLocalSecondaryIndex({ indexName: 'LSI-PartitionAndSortKey', sortKey: lsiSortKey });

const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sqs.amazonaws.com') });
table.grantReadData(role);
both.grantReadData(role);

app.synth();
