// TypeScript twin of integ_lambda_sqs_filter (see ../../README.md): the app of aws-cdk's
// aws-lambda-event-sources integ.sqs-with-filter-criteria.ts without its second function (filterEncryption with a
// KMS key, not in cdkpp), plus integ.sqs-max-concurrency.ts's options and the other SQS options.
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cdk from 'aws-cdk-lib';
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

const app = new cdk.App();

const stack = new cdk.Stack(app, 'lambda-event-source-filter-criteria-sqs');

const fn = new TestFunction(stack, 'F');
const queue = new sqs.Queue(stack, 'Q');

fn.addEventSource(new SqsEventSource(queue, {
  batchSize: 5,
  filters: [
    lambda.FilterCriteria.filter({
      body: {
        id: lambda.FilterRule.exists(),
      },
    }),
  ],
}));

const fn2 = new TestFunction(stack, 'F2');
const alias = fn2.addAlias('live');
alias.addEventSource(new SqsEventSource(queue, {
  batchSize: 100,
  maxBatchingWindow: cdk.Duration.seconds(20),
  maxConcurrency: 5,
  reportBatchItemFailures: true,
  enabled: true,
  filters: [
    lambda.FilterCriteria.filter({ body: { kind: lambda.FilterRule.beginsWith('order-'), size: lambda.FilterRule.notExists() } }),
    lambda.FilterCriteria.filter({ attributes: { SenderId: lambda.FilterRule.or('a', 'b') } }),
  ],
}));

app.synth();
