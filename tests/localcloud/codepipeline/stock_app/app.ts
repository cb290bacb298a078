// The reference scenario's PipelineStack as the stock aws-cdk-lib writes it (tests/golden/synth/pipeline_scenario/ts/app.ts
// with the synth commands of a TypeScript app): the repository the stock-pipeline test links as OWNER/REPO.
import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as pipelines from 'aws-cdk-lib/pipelines';

import { Construct } from 'constructs';

const handler = `exports.handler = async () => ({
  stage: process.env.STAGE,
  account: process.env.ACCOUNT,
  message: \`hello from \${process.env.STAGE} (account \${process.env.ACCOUNT})\`,
});
`;

class LambdaStack extends cdk.Stack {
  constructor(scope: Construct, id: string, stage: string) {
    super(scope, id, { description: `the scenario's function for ${stage}` });
    const fn = new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(handler),
      environment: { STAGE: stage, ACCOUNT: cdk.Aws.ACCOUNT_ID },
    });
    new cdk.CfnOutput(this, 'FunctionName', { value: fn.functionName, description: 'invoke this function' });
  }
}

class AppStage extends cdk.Stage {
  constructor(scope: Construct, id: string, props: cdk.StageProps) {
    super(scope, id, props);
    new LambdaStack(this, 'LambdaStack', id);
  }
}

const app = new cdk.App();
const region = 'ap-southeast-2';
const stack = new cdk.Stack(app, 'PipelineStack', { env: { account: '999999999999', region } });
const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
  pipelineName: 'MultiAccountPipeline',
  crossAccountKeys: true,
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.gitHub('OWNER/REPO', 'main'),
    commands: ['npm ci', 'npm run build', 'npx cdk synth'],
  }),
});
for (const [name, account] of [['Dev', '111111111111'], ['Test', '222222222222'], ['Prod', '333333333333']]) {
  pipeline.addStage(new AppStage(stack, name, { env: { account, region } }), {
    pre: [new pipelines.ManualApprovalStep(`PromoteTo${name}`)],
  });
}
app.synth();
