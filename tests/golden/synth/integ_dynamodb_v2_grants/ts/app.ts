// TypeScript twin of integ_dynamodb_v2_grants (see ../../README.md): the app of aws-cdk's
// integ.table-v2-grants.ts.
import * as cdk from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'TableV2GrantsStack', { env: { account: '123456789012', region: 'us-east-1' } });

const key = new kms.Key(stack, 'TableKey', { enableKeyRotation: true });
const table = new ddb.TableV2(stack, 'Table', {
  partitionKey: { name: 'pk', type: ddb.AttributeType.STRING },
  encryption: ddb.TableEncryptionV2.customerManagedKey(key),
});
const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
table.grantReadData(role);
table.grantWriteData(role);

app.synth();
