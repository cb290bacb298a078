// TypeScript twin of l2_lambda (see ../../README.md). LambdaStack is the reference scenario's stack.
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

declare const __dirname: string;
declare function require(module: 'path'): { join(...parts: string[]): string };
const path = require('path');

const app = new cdk.App();
const scenario = new cdk.Stack(app, 'LambdaStack');
new lambda.Function(scenario, 'Handler', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "hello from cdkpp" });'),
});

const stack = new cdk.Stack(app, 'FunctionFeatures');
const worker = new lambda.Function(stack, 'Worker', {
  runtime: lambda.Runtime.PYTHON_3_12,
  handler: 'main.handler',
  code: lambda.Code.fromAsset(path.join(__dirname, 'data', 'worker')),
  environment: { STAGE: 'dev', TABLE: 'jobs' },
  memorySize: 512,
  timeout: cdk.Duration.seconds(30),
  description: 'processes jobs',
  functionName: 'worker',
});
worker.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:ReceiveMessage'], resources: ['*'] }));
worker.grantInvoke(new iam.ServicePrincipal('events.amazonaws.com'));
worker.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
worker.grantInvoke(caller);
const shared = new iam.Role(stack, 'SharedRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
new lambda.Function(stack, 'WithRole', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => 1;'),
  role: shared,
});
worker.addPermission('FromAccount', { principal: new iam.AccountPrincipal('222222222222'), action: 'lambda:InvokeFunction' });
const imported = lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:ap-southeast-2:111111111111:function:existing');
new cdk.CfnOutput(stack, "ImportedName", { value: imported.functionName });
app.synth();
