// TypeScript twin of integ_lambda_dynamodb (see ../../README.md): the app of aws-cdk's
// aws-lambda-event-sources integ.dynamodb.ts (TestFunction's inline code written out), plus a second
// function reading the stream with the other options and an SqsDlq.
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cdk from 'aws-cdk-lib';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
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

class DynamoEventSourceTest extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);

    const fn = new TestFunction(this, 'F');
    const queue = new dynamodb.Table(this, 'T', {
      partitionKey: {
        name: 'id',
        type: dynamodb.AttributeType.STRING,
      },
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    const eventSource = new DynamoEventSource(queue, {
      batchSize: 5,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      tumblingWindow: cdk.Duration.seconds(60),
    });

    fn.addEventSource(eventSource);

    new cdk.CfnOutput(this, 'OutputEventSourceMappingArn', { value: eventSource.eventSourceMappingArn });

    const dlq = new sqs.Queue(this, 'Dlq');
    const fn2 = new TestFunction(this, 'F2');
    fn2.addEventSource(new DynamoEventSource(queue, {
      startingPosition: lambda.StartingPosition.LATEST,
      bisectBatchOnError: true,
      retryAttempts: 3,
      maxRecordAge: cdk.Duration.hours(1),
      parallelizationFactor: 2,
      reportBatchItemFailures: true,
      maxBatchingWindow: cdk.Duration.seconds(10),
      onFailure: new SqsDlq(dlq),
      enabled: false,
      filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT') })],
    }));
  }
}

const app = new cdk.App();
new DynamoEventSourceTest(app, 'lambda-event-source-dynamodb');
app.synth();
