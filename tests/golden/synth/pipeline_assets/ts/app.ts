// TypeScript twin of pipeline_assets (see ../../README.md): pipelines whose stages' stacks have file assets.
import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as pipelines from 'aws-cdk-lib/pipelines';

import { Construct } from 'constructs';

class AssetStack extends cdk.Stack {
  constructor(scope: Construct, id: string, withConfig: boolean) {
    super(scope, id);
    new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('data/handler'),
    });
    if (withConfig) {
      const config = new s3assets.Asset(this, 'Config', { path: 'data/config.txt' });
      new cdk.CfnOutput(this, 'ConfigUrl', { value: config.s3ObjectUrl });
    }
  }
}

class AppStage extends cdk.Stage {
  constructor(scope: Construct, id: string, props: cdk.StageProps, withConfig: boolean) {
    super(scope, id, props);
    new AssetStack(this, 'AssetStack', withConfig);
  }
}

const app = new cdk.App();
const region = 'ap-southeast-2';
for (const parallel of [true, false]) {
  const stack = new cdk.Stack(app, parallel ? 'ParallelStack' : 'SerialStack', {
    env: { account: '999999999999', region },
  });
  const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
    crossAccountKeys: true,
    selfMutation: parallel,
    publishAssetsInParallel: parallel,
    synth: new pipelines.ShellStep('Synth', {
      input: pipelines.CodePipelineSource.gitHub('OWNER/REPO', 'main'),
      commands: ['scripts/build', 'build/bin/cdkpp synth'],
    }),
  });
  pipeline.addStage(new AppStage(stack, 'Dev', { env: { account: '111111111111', region } }, true));
  pipeline.addStage(new AppStage(stack, 'Test', { env: { account: '222222222222', region } }, false));
}
app.synth();
