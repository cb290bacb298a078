// TypeScript twin of pipeline_connection (see ../../README.md), the same app as bench/synth_apps/ts/pipeline.ts:
// a CodeStar connection source, app stages in the app scope, no pipeline name, self-mutation on.
import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';

class LambdaStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "hello" });'),
    });
  }
}

class AppStage extends cdk.Stage {
  constructor(scope: Construct, id: string, props?: cdk.StageProps) {
    super(scope, id, props);
    new LambdaStack(this, 'LambdaStack');
  }
}

const app = new cdk.App();
const region = 'ap-southeast-2';
const pipelineStack = new cdk.Stack(app, 'PipelineStack', { env: { account: '999999999999', region } });
const pipeline = new pipelines.CodePipeline(pipelineStack, 'Pipeline', {
  crossAccountKeys: true,
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.connection('example/app', 'main', {
      connectionArn: 'arn:aws:codeconnections:ap-southeast-2:999999999999:connection/00000000-0000-0000-0000-000000000000',
    }),
    commands: ['scripts/build', 'build/bin/cdkpp synth'],
  }),
});
for (const [name, account] of [['Dev', '111111111111'], ['Test', '222222222222'], ['Prod', '333333333333']]) {
  pipeline.addStage(new AppStage(app, name, { env: { account, region } }), {
    pre: [new pipelines.ManualApprovalStep(`Approve${name}`)],
  });
}
app.synth();
