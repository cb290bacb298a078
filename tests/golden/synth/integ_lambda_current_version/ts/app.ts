// TypeScript twin of integ_lambda_current_version (see ../../README.md): the app of aws-cdk's
// integ.current-version.ts, without its FunctionVersionUpgrade aspect (a no-op without the
// recognizeLayerVersion flag) and with its layer-code directory replaced by data/layer-code.
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

declare const __dirname: string;
declare function require(module: 'path'): { join(...parts: string[]): string };
const path = require('path');

class TestStack extends Stack {
  constructor(scope: App, id: string) {
    super(scope, id);

    const handler = new lambda.Function(this, 'MyLambda', {
      code: lambda.Code.fromAsset(path.join(__dirname, 'data', 'layer-code')),
      handler: 'index.main',
      runtime: lambda.Runtime.PYTHON_3_8,
      currentVersionOptions: {
        removalPolicy: RemovalPolicy.RETAIN,
        retryAttempts: 1,
      },
    });

    handler.currentVersion.addAlias('live');
  }
}

const app = new App();
new TestStack(app, 'lambda-test-current-version');
app.synth();
