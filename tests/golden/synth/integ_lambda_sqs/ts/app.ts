// TypeScript twin of integ_lambda_sqs (see ../../README.md): the app of aws-cdk's
// aws-lambda-event-sources integ.sqs.ts; TestFunction's inline code is written out as a literal.
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
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

class SqsEventSourceTest extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);

    const fn = new TestFunction(this, 'F');
    const queue = new sqs.Queue(this, 'Q');
    const eventSource = new SqsEventSource(queue, {
      batchSize: 5,
    });

    fn.addEventSource(eventSource);

    new cdk.CfnOutput(this, 'OutputEventSourceMappingArn', { value: eventSource.eventSourceMappingArn });
  }
}

const app = new cdk.App();
new SqsEventSourceTest(app, 'lambda-event-source-sqs');
app.synth();
