// TypeScript twin of integ_lambda_alias (see ../../README.md): the app of aws-cdk's integ.lambda.ts without
// its two SnapStart functions (cdkpp has no SnapStart) and the FunctionVersionUpgrade aspect (a no-op without
// the recognizeLayerVersion flag); plus an alias with weights and provisioned concurrency.
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

const app = new cdk.App();

class TestLambdaFunction extends cdk.Stack {
  constructor(scope: cdk.App, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const fn = new lambda.Function(this, 'MyLambda', {
      code: new lambda.InlineCode('foo'),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_18_X,
    });

    fn.addToRolePolicy(new iam.PolicyStatement({
      resources: ['*'],
      actions: ['*'],
    }));
    fn.addFunctionUrl();

    const version = fn.currentVersion;

    const alias = new lambda.Alias(this, 'Alias', {
      aliasName: 'prod',
      version,
    });
    alias.addPermission('AliasPermission', {
      principal: new iam.ServicePrincipal('cloudformation.amazonaws.com'),
    });
    alias.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
    });

    // cdkpp's addition: a second version taking a quarter of the traffic of a provisioned alias.
    const canary = new lambda.Version(this, 'Canary', { lambda: fn, description: 'canary' });
    const weighted = new lambda.Alias(this, 'Weighted', {
      aliasName: 'weighted',
      version,
      additionalVersions: [{ version: canary, weight: 0.25 }],
      provisionedConcurrentExecutions: 2,
      maxEventAge: cdk.Duration.hours(1),
      retryAttempts: 0,
    });
    weighted.grantInvoke(new iam.ServicePrincipal('events.amazonaws.com'));
    const invoker = new iam.Role(this, 'Invoker', { assumedBy: new iam.AccountRootPrincipal() });
    weighted.grantInvoke(invoker);
    fn.addAlias('latest', { description: 'the current version' });
  }
}

new TestLambdaFunction(app, 'aws-cdk-lambda-1');
app.synth();
