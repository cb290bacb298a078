// TypeScript twin of integ_lambda_permissions (see ../../README.md): the app of aws-cdk's integ.permissions.ts
// with a function URL (integ.function-url.ts's IAM and NONE urls) and grants on a version.
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

const app = new cdk.App();

const stack = new cdk.Stack(app, 'lambda-permissions');

const fn = new lambda.Function(stack, 'MyLambda', {
  code: new lambda.InlineCode('foo'),
  handler: 'index.handler',
  runtime: lambda.Runtime.NODEJS_16_X,
});

fn.grantInvoke(new iam.AnyPrincipal().inOrganization('o-yyyyyyyyyy'));

fn.grantInvoke(new iam.OrganizationPrincipal('o-xxxxxxxxxx'));

const open = new lambda.Function(stack, 'Open', {
  code: new lambda.InlineCode('exports.handler = async () => ({ statusCode: 200 });'),
  handler: 'index.handler',
  runtime: lambda.Runtime.NODEJS_18_X,
  memorySize: 256,
  environment: { STAGE: 'dev', COLOR: 'blue' },
});
open.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
const v1 = new lambda.Version(stack, 'V1', { lambda: open, description: 'first', provisionedConcurrentExecutions: 1 });
const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
v1.grantInvoke(role);
v1.addPermission('FromS3', {
  principal: new iam.ServicePrincipal('s3.amazonaws.com'),
  sourceAccount: '123456789012',
  sourceArn: 'arn:aws:s3:::some-bucket',
});
open.currentVersion.grantInvoke(new iam.AccountPrincipal('123456789012'));
