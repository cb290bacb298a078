// TypeScript twin of integ_logs_log_group_encrypted (see ../../README.md): the app of aws-cdk's
// integ.log-group-encrypted.ts (without the IntegTest wrapper).
import { App, Stack, StackProps, RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Key } from 'aws-cdk-lib/aws-kms';

class LogGroupIntegStack extends Stack {
  constructor(scope: App, id: string, props?: StackProps) {
    super(scope, id, props);

    const key = new Key(this, 'Key', {
      removalPolicy: RemovalPolicy.DESTROY,
    });

    new LogGroup(this, 'LogGroup', {
      removalPolicy: RemovalPolicy.DESTROY,
      encryptionKey: key,
    });
  }
}

const app = new App();
new LogGroupIntegStack(app, 'aws-cdk-log-group-encrypted-integ');
app.synth();
