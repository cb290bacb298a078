// TypeScript twin of integ_logs_loggroupclass (see ../../README.md): the app of aws-cdk's integ.loggroupclass.ts
// (the IntegTest and its DescribeLogGroups assertions left out: they are a separate assertion stack).
import { App, Stack } from 'aws-cdk-lib';
import { LogGroup, LogGroupClass } from 'aws-cdk-lib/aws-logs';

const app = new App();
const stack = new Stack(app, 'log-group-class');

new LogGroup(stack, 'log-group-default');
new LogGroup(stack, 'log-group-standard', { logGroupClass: LogGroupClass.STANDARD });
new LogGroup(stack, 'log-group-infrequent-access', { logGroupClass: LogGroupClass.INFREQUENT_ACCESS });
app.synth();
