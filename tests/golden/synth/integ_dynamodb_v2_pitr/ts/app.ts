// TypeScript twin of integ_dynamodb_v2_pitr (see ../../README.md): the app of aws-cdk's
// integ.dynamodb-v2.pitr.ts.
import * as cdk from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'PITR-Integ-Test', { env: { region: 'eu-west-1' } });

new ddb.TableV2(stack, 'TableTestV2', {
  partitionKey: { name: 'id', type: ddb.AttributeType.STRING },
  removalPolicy: cdk.RemovalPolicy.DESTROY,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 10 },
  replicas: [{
    region: 'eu-west-2',
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 5 },
  }],
});

app.synth();
