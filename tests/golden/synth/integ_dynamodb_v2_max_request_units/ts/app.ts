// TypeScript twin of integ_dynamodb_v2_max_request_units (see ../../README.md): the app of aws-cdk's
// integ.dynamodb-v2.max-request-units.ts.
import * as cdk from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'aws-cdk-global-table', { env: { region: 'us-east-1' } });

new ddb.TableV2(stack, 'GlobalTable', {
  tableName: 'my-global-table',
  partitionKey: { name: 'pk', type: ddb.AttributeType.STRING },
  sortKey: { name: 'sk', type: ddb.AttributeType.NUMBER },
  billing: ddb.Billing.onDemand({ maxWriteRequestUnits: 10 }),
  removalPolicy: cdk.RemovalPolicy.DESTROY,
  replicas: [{ region: 'eu-west-1', maxReadRequestUnits: 222 }],
  globalSecondaryIndexes: [{
    indexName: 'gsi2',
    partitionKey: { name: 'pk', type: ddb.AttributeType.STRING },
    maxReadRequestUnits: 2001,
    maxWriteRequestUnits: 2001,
  }],
});

app.synth();
