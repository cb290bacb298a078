// TypeScript twin of l2_secrets (see ../../README.md).
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'SecretStack');
new secretsmanager.Secret(stack, 'Default');
const named = new secretsmanager.Secret(stack, 'Named', {
  secretName: 'app/db',
  description: 'database credentials',
  generateSecretString: {
    secretStringTemplate: '{"user":"app"}',
    generateStringKey: 'password',
    excludePunctuation: true,
    passwordLength: 32,
  },
  removalPolicy: cdk.RemovalPolicy.RETAIN,
});
const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
named.grantRead(reader);
named.grantWrite(reader);
secretsmanager.Secret.fromSecretNameV2(stack, 'Imported', 'app/other').grantRead(reader);
new cdk.CfnOutput(stack, 'SecretArn', { value: named.secretArn });
new cdk.CfnOutput(stack, 'SecretName', { value: named.secretName });
app.synth();
