// TypeScript twin of integ_events_lambda (see ../../README.md): the app of aws-cdk's
// aws-events-targets/test/lambda/integ.events.ts. Adapted to be standalone: STANDARD_NODEJS_RUNTIME is
// NODEJS_24_X (as in the committed snapshot) and the inline code is the text `handler.toString()` gives there
// (the compiled function text depends on the compiler). The test's postCliContext
// (`@aws-cdk/aws-lambda:useCdkManagedLogGroup: false`) is aws-cdk-lib 2.276's default.
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cdk from 'aws-cdk-lib';
import * as targets from 'aws-cdk-lib/aws-events-targets';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'lambda-events');
const fn = new lambda.Function(stack, 'MyFunc', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = function handler(event, _context, callback) {\n' +
    '    console.log(JSON.stringify(event, undefined, 2));\n' +
    '    return callback();\n' +
    '}'),
});
const timer = new events.Rule(stack, 'Timer', {
  schedule: events.Schedule.rate(cdk.Duration.minutes(1)),
});
timer.addTarget(new targets.LambdaFunction(fn));
const timer2 = new events.Rule(stack, 'Timer2', {
  schedule: events.Schedule.rate(cdk.Duration.minutes(2)),
});
timer2.addTarget(new targets.LambdaFunction(fn));
const timer3 = new events.Rule(stack, 'Timer3', {
  schedule: events.Schedule.rate(cdk.Duration.minutes(2)),
});
const queue = new sqs.Queue(stack, 'Queue');
timer3.addTarget(new targets.LambdaFunction(fn, {
  deadLetterQueue: queue,
  maxEventAge: cdk.Duration.hours(2),
  retryAttempts: 0,
}));
app.synth();
