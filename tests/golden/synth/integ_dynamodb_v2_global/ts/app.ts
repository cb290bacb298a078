// TypeScript twin of integ_dynamodb_v2_global (see ../../README.md): the app of aws-cdk's
// integ.table-v2-global.ts without its Kinesis stream (no kinesis L2 in cdkpp yet).
import * as cdk from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';

const app = new cdk.App();
cdk.Tags.of(app).add('stage', 'IntegTest');
const stack = new cdk.Stack(app, 'aws-cdk-global-table', { env: { region: 'us-east-1' } });

const globalTable = new ddb.TableV2(stack, 'GlobalTable', {
  partitionKey: { name: 'pk', type: ddb.AttributeType.STRING },
  sortKey: { name: 'sk', type: ddb.AttributeType.NUMBER },
  billing: ddb.Billing.provisioned({
    readCapacity: ddb.Capacity.fixed(10),
    writeCapacity: ddb.Capacity.autoscaled({ maxCapacity: 20, targetUtilizationPercent: 60, seedCapacity: 10 }),
  }),
  encryption: ddb.TableEncryptionV2.awsManagedKey(),
  contributorInsightsSpecification: { enabled: true },
  pointInTimeRecovery: true,
  tableClass: ddb.TableClass.STANDARD_INFREQUENT_ACCESS,
  timeToLiveAttribute: 'attr',
  removalPolicy: cdk.RemovalPolicy.DESTROY,
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, readCapacity: ddb.Capacity.fixed(10) },
    {
      indexName: 'gsi2',
      partitionKey: { name: 'pk', type: ddb.AttributeType.STRING },
      writeCapacity: ddb.Capacity.autoscaled({ maxCapacity: 30 }),
    },
  ],
  localSecondaryIndexes: [{ indexName: 'lsi', sortKey: { name: 'sk', type: ddb.AttributeType.NUMBER } }],
  replicas: [
    {
      region: 'us-east-2',
      readCapacity: ddb.Capacity.autoscaled({ minCapacity: 5, maxCapacity: 25 }),
      globalSecondaryIndexOptions: { gsi2: { contributorInsightsSpecification: { enabled: false } } },
      tags: [{ key: 'USE2ReplicaTagKey', value: 'USE2ReplicaTagValue' }],
    },
    {
      region: 'us-west-2',
      tableClass: ddb.TableClass.STANDARD,
      contributorInsightsSpecification: { enabled: false },
      globalSecondaryIndexOptions: { gsi1: { readCapacity: ddb.Capacity.fixed(15) } },
      tags: [{ key: 'USW2ReplicaTagKey', value: 'USW2ReplicaTagValue' }],
    },
  ],
  tags: [{ key: 'primaryTableTagKey', value: 'primaryTableTagValue' }],
});
cdk.Tags.of(globalTable).add('tagAspectKey', 'tagAspectValue');

app.synth();
