// TypeScript twin of integ_dynamodb_ondemand (see ../../README.md): the app of aws-cdk's integ.dynamodb.ondemand.ts.
import * as cdk from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';

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
const onDemand = ddb.BillingMode.PAY_PER_REQUEST;

new ddb.Table(stack, 'Table', {
  billingMode: onDemand, partitionKey: hashKey, removalPolicy: destroy,
  maxReadRequestUnits: 100, maxWriteRequestUnits: 200,
});

const both = new ddb.Table(stack, 'TableWithGlobalAndLocalSecondaryIndex', {
  billingMode: onDemand,
  partitionKey: hashKey,
  sortKey,
  pointInTimeRecovery: true,
  encryption: ddb.TableEncryption.AWS_MANAGED,
  stream: ddb.StreamViewType.KEYS_ONLY,
  timeToLiveAttribute: 'timeToLive',
  removalPolicy: destroy,
});
cdk.Tags.of(both).add('Environment', 'Production');
both.addGlobalSecondaryIndex({
  indexName: 'GSI-PartitionKeyOnly', partitionKey: gsiHashKey, maxReadRequestUnits: 100, maxWriteRequestUnits: 100,
});
both.addGlobalSecondaryIndex({
  indexName: 'GSI-PartitionAndSortKeyWithReadAndWriteCapacity', partitionKey: gsiHashKey, sortKey: gsiSortKey,
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

const withGsi = new ddb.Table(stack, 'TableWithGlobalSecondaryIndex', {
  billingMode: onDemand, partitionKey: hashKey, removalPolicy: destroy,
});
withGsi.addGlobalSecondaryIndex({ indexName: 'GSI-PartitionKeyOnly', partitionKey: gsiHashKey });

const withLsi = new ddb.Table(stack, 'TableWithLocalSecondaryIndex', {
  billingMode: onDemand, partitionKey: hashKey, sortKey, removalPolicy: destroy,
});
withLsi.addLocalSecondaryIndex({ indexName: 'LSI-PartitionAndSortKey', sortKey: lsiSortKey });

app.synth();
