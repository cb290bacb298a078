// TypeScript twin of integ_lambda_sns (see ../../README.md): the app of aws-cdk's
// aws-lambda-event-sources integ.sns.ts; TestFunction's inline code is written out as a literal.
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';

const TEST_CODE = `exports.handler = async function handler(event) {\n    console.log('event:', JSON.stringify(event, undefined, 2));\n    return { event };\n}`;

class TestFunction extends lambda.Function {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      handler: 'index.handler',
      code: lambda.Code.fromInline(TEST_CODE),
      runtime: lambda.Runtime.NODEJS_18_X,
    });
  }
}

class SnsEventSourceTest extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);

    const fn = new TestFunction(this, 'F');
    const topic = new sns.Topic(this, 'T');

    fn.addEventSource(new SnsEventSource(topic));
  }
}

const app = new cdk.App();
new SnsEventSourceTest(app, 'lambda-event-source-sns');
app.synth();
