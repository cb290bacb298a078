// TypeScript twin of integ_logs_loggroup_grantread (see ../../README.md): the app of aws-cdk's
// integ.loggroup-grantread.ts (without the IntegTest wrapper): a service principal's grant goes into the log
// group's resource policy.
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { App, Stack } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';

const app = new App();
const stack = new Stack(app, 'aws-cdk-loggroup-grantreads-integ');

const logGroup = new LogGroup(stack, 'LogGroup');
logGroup.grantRead(new ServicePrincipal('es.amazonaws.com'));

app.synth();
