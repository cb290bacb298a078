// TypeScript twin of l2_kms (see ../../README.md).
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'KeyStack');
const key = new kms.Key(stack, 'AppKey', {
  description: 'application key',
  enableKeyRotation: true,
  alias: 'alias/app',
  removalPolicy: cdk.RemovalPolicy.DESTROY,
});
new kms.Key(stack, 'Plain');
new kms.Alias(stack, 'ExtraAlias', { aliasName: 'alias/app-extra', targetKey: key });
const user = new iam.Role(stack, 'User', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
key.grantEncryptDecrypt(user);
const auditor = new iam.Role(stack, 'Auditor', { assumedBy: new iam.AccountRootPrincipal() });
key.grantDecrypt(auditor);
key.grantEncrypt(new iam.AccountPrincipal('222222222222'));
const imported = kms.Key.fromKeyArn(stack, 'Imported',
  'arn:aws:kms:ap-southeast-2:111111111111:key/11111111-2222-3333-4444-555555555555');
imported.grantDecrypt(auditor);
new cdk.CfnOutput(stack, 'KeyArn', { value: key.keyArn });
new cdk.CfnOutput(stack, 'ImportedKeyId', { value: imported.keyId });
app.synth();
